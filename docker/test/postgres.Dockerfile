# A stand-in for the official postgres image, for docker/test.sh on machines that cannot pull it:
# Debian's PostgreSQL on a base made with debootstrap. Same contract as postgres:17 for what
# compose.yaml uses: POSTGRES_USER/PASSWORD/DB, data in /var/lib/postgresql/data, pg_isready.
ARG BASE
FROM ${BASE}
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
EXPOSE 5432
ENTRYPOINT ["bash", "/usr/local/bin/postgres-entrypoint.sh"]

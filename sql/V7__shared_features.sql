-- V7 (issue 16): feature sets shared through the database, and sweeps that keep what they ran on.
--
-- A feature set's bytes (its .mff file, see FeatureFile) are kept in the database in chunks, so that
-- a worker on another machine loads them instead of extracting them again; feature_set.file_sha256
-- checks the reassembled bytes. The local file cache stays in front of this copy.
CREATE TABLE feature_chunk (
    feature_set_id BIGINT  NOT NULL REFERENCES feature_set (id) ON DELETE CASCADE,
    chunk          INTEGER NOT NULL,
    data           BYTEA   NOT NULL,
    PRIMARY KEY (feature_set_id, chunk)
);
-- float32 features do not compress: skip TOAST's compression attempt, keep the out-of-line storage
ALTER TABLE feature_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
-- bytes held in feature_chunk; NULL for a set recorded before V7 (its file only)
ALTER TABLE feature_set ADD COLUMN stored_bytes BIGINT;

-- one row each time a worker computed (extracted) a feature set and stored it
CREATE TABLE feature_extraction (
    id         BIGSERIAL PRIMARY KEY,
    cache_key  TEXT        NOT NULL,
    reason     TEXT        NOT NULL CHECK (reason IN ('missing', 'damaged')),
    worker     TEXT        NOT NULL,
    seconds    DOUBLE PRECISION,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX feature_extraction_key_idx ON feature_extraction (cache_key);

-- the memes of a dataset as loaded (its split files fix them: dataset.content_hash), so that a
-- worker without the dataset folder has ids, labels and texts
CREATE TABLE dataset_meme (
    dataset_id BIGINT   NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    split      TEXT     NOT NULL,
    ordinal    INTEGER  NOT NULL,
    meme_id    TEXT     NOT NULL,
    img        TEXT     NOT NULL,
    label      SMALLINT CHECK (label IN (0, 1)),
    text       TEXT     NOT NULL,
    PRIMARY KEY (dataset_id, split, ordinal)
);

-- the exact feature sets a sweep runs on, fixed when it starts: a worker whose data or features
-- differ refuses
CREATE TABLE sweep_feature_set (
    sweep_id    BIGINT  NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    modality    TEXT    NOT NULL CHECK (modality IN ('text', 'image')),
    split       TEXT    NOT NULL,
    cache_key   TEXT    NOT NULL,
    split_hash  TEXT    NOT NULL,
    file_sha256 TEXT    NOT NULL,
    rows        INTEGER NOT NULL,
    PRIMARY KEY (sweep_id, modality, split)
);

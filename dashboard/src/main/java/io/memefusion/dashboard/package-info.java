/** The Javalin + htmx dashboard over the sweeps recorded in PostgreSQL. */
package io.memefusion.dashboard;

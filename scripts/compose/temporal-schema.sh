#!/bin/sh
# docker-compose.yml's one-shot `temporal-schema` job (temporalio/admin-tools, the server's version):
# Temporal's two databases on PostgreSQL with the postgres12 plugin, persistence and visibility, from
# the schema files shipped in the same image. Safe to run again on every `up`: `create` skips an
# existing database, `setup-schema -v 0.0` an initialised one, `update-schema` applies only the
# versions not yet applied (so an image upgrade migrates).
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"

sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" "$@"; }

for store in temporal visibility; do
  db=temporal; [ "$store" = visibility ] && db=temporal_visibility
  sql --db "$db" create
  sql --db "$db" setup-schema -v 0.0
  sql --db "$db" update-schema -d "/etc/temporal/schema/postgresql/v12/$store/versioned"
done
echo "Temporal schema ready (temporal, temporal_visibility)"

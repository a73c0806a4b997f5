#!/bin/sh
# docker-compose.yml's one-shot `temporal-namespace` job (temporalio/admin-tools): once the server
# answers, the namespace with an explicit retention of closed histories (the database, not Temporal,
# keeps the record: Art. 29) and our custom search attributes. GDS_SEARCH_ATTRIBUTES is
# workflows/case/searchAttributes.ts's SEARCH_ATTRIBUTES as `Name=Type` words; test/compose.test.ts
# keeps the two equal. Safe to run again: existing namespace and attributes are kept (retention set).
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${TEMPORAL_RETENTION_DAYS:?}" "${GDS_SEARCH_ATTRIBUTES:?}"

# A new namespace reaches every service of the server within its registry refresh (10 s): retry.
retry() {
  n=0
  until "$@"; do
    n=$((n + 1))
    [ "$n" -ge 60 ] && { echo "gave up after 60 tries: $*" >&2; return 1; }
    sleep 2
  done
}

ns() { temporal operator namespace "$@" --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE"; }
ensure_namespace() { ns describe >/dev/null 2>&1 || ns create --retention "${TEMPORAL_RETENTION_DAYS}d"; }

retry temporal operator cluster health --address "$TEMPORAL_ADDRESS"
retry ensure_namespace
retry ns update --retention "${TEMPORAL_RETENTION_DAYS}d"
for attribute in $GDS_SEARCH_ATTRIBUTES; do
  retry temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" \
    --name "${attribute%%=*}" --type "${attribute#*=}"
done
temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE"
echo "namespace $TEMPORAL_NAMESPACE ready: retention ${TEMPORAL_RETENTION_DAYS}d, search attributes registered"

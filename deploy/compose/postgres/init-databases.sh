#!/bin/bash
# One database and one login role per service (run once by the postgres image on an empty data
# volume). Passwords come from ZVH_DB_PASSWORD_<SERVICE>; a missing one stops the init.
set -euo pipefail
for svc in intake overleg consent notify; do
  var="ZVH_DB_PASSWORD_${svc^^}"
  password="${!var:?set $var}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
       -v svc="$svc" -v pw="$password" <<'SQL'
CREATE ROLE :"svc" LOGIN PASSWORD :'pw';
CREATE DATABASE :"svc" OWNER :"svc";
REVOKE ALL ON DATABASE :"svc" FROM PUBLIC;
SQL
done

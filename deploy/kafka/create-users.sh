#!/usr/bin/env bash
# Create (or update) the SCRAM-SHA-512 users of the ZVH's broker clients.
#
# Users: the names given as arguments, or every principal in `zvh acl` (partner-<code>,
# svc-<service>, operator / ops-<name>). A user's password comes from the environment variable
# ZVH_KAFKA_PASSWORD_<NAME> (upper case, every non-alphanumeric character an underscore) or from
# the file <password dir>/<name> (first line). Passwords are never in this repository; a missing
# one stops the script before any user is changed. See README.md.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: create-users.sh [--bootstrap-server HOST:PORT] [--command-config FILE]
                       [--password-dir DIR] [--region FILE] [--dry-run] [USER...]

  --bootstrap-server  broker to talk to (env KAFKA_BOOTSTRAP)
  --command-config    admin client properties (env KAFKA_ADMIN_CONFIG)
  --password-dir      directory with one password file per user (env ZVH_KAFKA_PASSWORD_DIR)
  --region            region file for `zvh acl` (env ZVH_REGION_FILE; default: demo region)
  --dry-run           print the commands with the password hidden, change nothing

Env: KAFKA_CONFIGS (default kafka-configs.sh), ZVH (default zvh),
     ZVH_KAFKA_PASSWORD_<NAME> per user.
USAGE
}

bootstrap="${KAFKA_BOOTSTRAP:-}"
admin_config="${KAFKA_ADMIN_CONFIG:-}"
password_dir="${ZVH_KAFKA_PASSWORD_DIR:-}"
region="${ZVH_REGION_FILE:-}"
dry_run=0
kafka_configs="${KAFKA_CONFIGS:-kafka-configs.sh}"
zvh="${ZVH:-zvh}"
users=()

while [[ $# -gt 0 ]]; do
    case "$1" in
        --bootstrap-server) bootstrap="${2:?--bootstrap-server needs a value}"; shift 2 ;;
        --command-config) admin_config="${2:?--command-config needs a value}"; shift 2 ;;
        --password-dir) password_dir="${2:?--password-dir needs a value}"; shift 2 ;;
        --region) region="${2:?--region needs a value}"; shift 2 ;;
        --dry-run) dry_run=1; shift ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "onbekende optie: $1" >&2; usage >&2; exit 2 ;;
        *) users+=("$1"); shift ;;
    esac
done

if [[ -z "$bootstrap" ]]; then
    echo "geen broker: --bootstrap-server of KAFKA_BOOTSTRAP" >&2
    exit 2
fi
if [[ -z "$admin_config" || ! -r "$admin_config" ]]; then
    echo "geen leesbare admin-clientconfig: --command-config of KAFKA_ADMIN_CONFIG" >&2
    exit 2
fi

if [[ ${#users[@]} -eq 0 ]]; then
    zvh_args=(acl --format kafka-acls)
    if [[ -n "$region" ]]; then
        zvh_args+=(--region "$region")
    fi
    mapfile -t users < <("$zvh" "${zvh_args[@]}" | sed -n 's/.*--allow-principal User:\([^ ]*\) .*/\1/p' | sort -u)
fi
if [[ ${#users[@]} -eq 0 ]]; then
    echo "geen gebruikers gevonden" >&2
    exit 1
fi

# The password of user $1 on stdout, or nothing.
password_of() {
    local var="ZVH_KAFKA_PASSWORD_${1^^}"
    var="${var//[^A-Z0-9_]/_}"
    if [[ -n "${!var:-}" ]]; then
        printf '%s' "${!var}"
    elif [[ -n "$password_dir" && -r "$password_dir/$1" ]]; then
        head -n 1 -- "$password_dir/$1" | tr -d '\r\n'
    fi
}

# Check every user first: no half-created set of users.
declare -A passwords=()
missing=()
for user in "${users[@]}"; do
    if [[ ! "$user" =~ ^[a-z0-9][a-z0-9.-]*$ ]]; then
        echo "ongeldige gebruikersnaam: $user" >&2
        exit 1
    fi
    pw="$(password_of "$user")"
    if [[ -z "$pw" ]]; then
        missing+=("$user")
    elif [[ ${#pw} -lt 16 || "$pw" =~ [][,=[:space:]] ]]; then
        # Kafka reads the value as SCRAM-SHA-512=[password=...]: brackets, commas and = break it.
        echo "wachtwoord van $user: minstens 16 tekens, zonder spaties, komma's, '=', '[' of ']'" >&2
        exit 1
    else
        passwords["$user"]="$pw"
    fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "geen wachtwoord voor: ${missing[*]}" >&2
    exit 1
fi

for user in "${users[@]}"; do
    if [[ $dry_run -eq 1 ]]; then
        echo "$kafka_configs --bootstrap-server $bootstrap --command-config $admin_config" \
            "--alter --add-config SCRAM-SHA-512=[password=***] --entity-type users --entity-name $user"
    else
        "$kafka_configs" --bootstrap-server "$bootstrap" --command-config "$admin_config" \
            --alter --add-config "SCRAM-SHA-512=[password=${passwords[$user]}]" \
            --entity-type users --entity-name "$user"
    fi
done
echo "${#users[@]} gebruikers $([[ $dry_run -eq 1 ]] && echo getoond || echo aangemaakt of bijgewerkt)" >&2

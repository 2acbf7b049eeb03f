#!/usr/bin/env bash
# Apply the ZVH's broker ACLs (`zvh acl --format kafka-acls`) to a Kafka cluster.
#
# Every line is checked (one `kafka-acls.sh --add` of plain words) before anything is applied, and
# run with the admin client's bootstrap and config added. Adding an ACL that exists is a no-op, so
# the script can run again after the region file changed. See README.md.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: apply-acls.sh [--bootstrap-server HOST:PORT] [--command-config FILE]
                     [--region FILE] [--file ACL_LINES] [--dry-run]

  --bootstrap-server  broker to talk to (env KAFKA_BOOTSTRAP)
  --command-config    admin client properties: SASL user with the right to alter ACLs
                      (env KAFKA_ADMIN_CONFIG)
  --region            region file for `zvh acl` (env ZVH_REGION_FILE; default: demo region)
  --file              take the lines from this file instead of running `zvh acl`
  --dry-run           print the commands, change nothing

Env: KAFKA_ACLS (default kafka-acls.sh), ZVH (default zvh).
USAGE
}

bootstrap="${KAFKA_BOOTSTRAP:-}"
admin_config="${KAFKA_ADMIN_CONFIG:-}"
region="${ZVH_REGION_FILE:-}"
acl_file=""
dry_run=0
kafka_acls="${KAFKA_ACLS:-kafka-acls.sh}"
zvh="${ZVH:-zvh}"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --bootstrap-server) bootstrap="${2:?--bootstrap-server needs a value}"; shift 2 ;;
        --command-config) admin_config="${2:?--command-config needs a value}"; shift 2 ;;
        --region) region="${2:?--region needs a value}"; shift 2 ;;
        --file) acl_file="${2:?--file needs a value}"; shift 2 ;;
        --dry-run) dry_run=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "onbekende optie: $1" >&2; usage >&2; exit 2 ;;
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

if [[ -n "$acl_file" ]]; then
    lines="$(cat -- "$acl_file")"
else
    zvh_args=(acl --format kafka-acls)
    if [[ -n "$region" ]]; then
        zvh_args+=(--region "$region")
    fi
    lines="$("$zvh" "${zvh_args[@]}")"
fi

# Check every line first: nothing is applied from a list with a bad line in it.
commands=()
while IFS= read -r line; do
    [[ -z "${line// /}" ]] && continue
    read -r -a words <<<"$line"
    if [[ ${#words[@]} -ne 10 || "${words[0]}" != "kafka-acls.sh" || "${words[1]}" != "--add" ]]; then
        echo "geen kafka-acls.sh --add-regel: $line" >&2
        exit 1
    fi
    for word in "${words[@]}"; do
        if [[ ! "$word" =~ ^[A-Za-z0-9:._-]+$ ]]; then
            echo "onverwacht teken in: $line" >&2
            exit 1
        fi
    done
    commands+=("${words[*]:1}")
done <<<"$lines"

if [[ ${#commands[@]} -eq 0 ]]; then
    echo "geen ACL-regels gevonden" >&2
    exit 1
fi

for command in "${commands[@]}"; do
    read -r -a args <<<"$command"
    if [[ $dry_run -eq 1 ]]; then
        echo "$kafka_acls --bootstrap-server $bootstrap --command-config $admin_config ${args[*]}"
    else
        "$kafka_acls" --bootstrap-server "$bootstrap" --command-config "$admin_config" "${args[@]}"
    fi
done
echo "${#commands[@]} ACL-regels $([[ $dry_run -eq 1 ]] && echo getoond || echo toegepast)" >&2

#!/bin/bash
# The compose `setup` step, in the Kafka image: wait for the broker, then create the SCRAM users,
# the catalogue topics and the ACLs that `zvh setup-plan` wrote to $ZVH_SETUP_PLAN (users.txt,
# topics.txt, acls.txt), using deploy/kafka/create-users.sh and apply-acls.sh. Runs again
# harmlessly: users get their (new) password, existing topics and ACLs are left as they are.
#
# Passwords: ZVH_KAFKA_ADMIN_PASSWORD (the super user the broker was formatted with) and, per
# user, ZVH_KAFKA_PASSWORD_<NAME> or a file in $ZVH_SETUP_USERS_DIR (create-users.sh). The
# admin's client config is written to a private temporary file only.
set -euo pipefail

: "${ZVH_KAFKA_ADMIN_PASSWORD:?set ZVH_KAFKA_ADMIN_PASSWORD}"
bootstrap="${KAFKA_BOOTSTRAP:-kafka:9092}"
kafka_bin="${KAFKA_BIN:-/opt/kafka/bin}"
scripts="${ZVH_KAFKA_SCRIPTS:-/etc/zvh-kafka-scripts}"
plan="${ZVH_SETUP_PLAN:-/plan}"
users_dir="${ZVH_SETUP_USERS_DIR:-/run/secrets/kafka-users}"
wait_s="${ZVH_SETUP_WAIT_S:-120}"

for f in users.txt topics.txt acls.txt; do
    if [[ ! -s "$plan/$f" ]]; then
        echo "setup: $plan/$f ontbreekt of is leeg (draait setup-plan eerst?)" >&2
        exit 1
    fi
done

umask 077
admin_config="$(mktemp)"
trap 'rm -f "$admin_config"' EXIT
cat >"$admin_config" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${ZVH_KAFKA_ADMIN_PASSWORD}";
EOF

topics_cmd=("$kafka_bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config")

echo "setup: wachten op de broker $bootstrap …" >&2
deadline=$((SECONDS + wait_s))
until "${topics_cmd[@]}" --list >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
        echo "setup: de broker $bootstrap antwoordt niet binnen ${wait_s}s" >&2
        exit 1
    fi
    sleep 2
done

mapfile -t users < <(grep -v '^[[:space:]]*$' "$plan/users.txt")
KAFKA_CONFIGS="$kafka_bin/kafka-configs.sh" \
    bash "$scripts/create-users.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config" \
    --password-dir "$users_dir" "${users[@]}"

count=0
while read -r name partitions retention; do
    [[ -z "$name" ]] && continue
    "${topics_cmd[@]}" --create --if-not-exists --topic "$name" --partitions "$partitions" \
        --replication-factor 1 --config "retention.ms=$retention"
    count=$((count + 1))
done <"$plan/topics.txt"
echo "setup: $count topics aanwezig" >&2

KAFKA_ACLS="$kafka_bin/kafka-acls.sh" \
    bash "$scripts/apply-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config" \
    --file "$plan/acls.txt"
echo "setup: klaar" >&2

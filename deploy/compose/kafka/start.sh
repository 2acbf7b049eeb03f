#!/bin/sh
# Format the KRaft storage once (with the SCRAM admin user) and start the broker. The admin's
# password comes from ZVH_KAFKA_ADMIN_PASSWORD and is written only to the container's /tmp.
set -eu
: "${ZVH_KAFKA_ADMIN_PASSWORD:?set ZVH_KAFKA_ADMIN_PASSWORD}"
conf=/tmp/server.properties
umask 077
cp /etc/zvh-kafka/server.properties "$conf"
printf '%s\n' "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"${ZVH_KAFKA_ADMIN_PASSWORD}\";" >> "$conf"
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "${ZVH_KAFKA_CLUSTER_ID}" -c "$conf" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${ZVH_KAFKA_ADMIN_PASSWORD}]"
exec /opt/kafka/bin/kafka-server-start.sh "$conf"

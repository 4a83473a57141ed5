"""Confluent's own (legacy) Python Avro client against this registry: register, encode, decode, look up.

Usage: confluent_avro_roundtrip.py REGISTRY_URL TOPIC USER_INFO
USER_INFO is a registry writer's user:password, passed as Confluent's basic.auth.user.info: writes use it, reads
(decoding, lookups, compatibility checks) run without credentials, and a write without them must be refused with 401.
Prints one JSON line with what it saw; exits non-zero (with a traceback) on any mismatch.
Needs Debian's python3-confluent-kafka, python3-avro and python3-requests; no Kafka broker.
"""
import json
import struct
import sys

import requests
from confluent_kafka.avro import CachedSchemaRegistryClient, loads
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

SCHEMA_V1 = """
{"type": "record", "name": "TrackingEvent", "namespace": "dev.ep.events.interop",
 "fields": [
   {"name": "event_id", "type": "string"},
   {"name": "value_minor", "type": "long"},
   {"name": "page", "type": ["null", "string"], "default": null}
 ]}
"""

# BACKWARD compatible: one more field with a default.
SCHEMA_V2 = """
{"type": "record", "name": "TrackingEvent", "namespace": "dev.ep.events.interop",
 "fields": [
   {"name": "event_id", "type": "string"},
   {"name": "value_minor", "type": "long"},
   {"name": "page", "type": ["null", "string"], "default": null},
   {"name": "currency", "type": "string", "default": "EUR"}
 ]}
"""

# Not BACKWARD compatible: a new field without a default.
SCHEMA_BAD = """
{"type": "record", "name": "TrackingEvent", "namespace": "dev.ep.events.interop",
 "fields": [
   {"name": "event_id", "type": "string"},
   {"name": "value_minor", "type": "long"},
   {"name": "required_new", "type": "int"}
 ]}
"""


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def writer(url, user_info):
    return CachedSchemaRegistryClient({"url": url, "basic.auth.credentials.source": "USER_INFO",
                                       "basic.auth.user.info": user_info})


def main(url, topic, user_info):
    subject = topic + "-value"
    record = {"event_id": "e-1", "value_minor": 1299, "page": "/checkout"}
    schema_v1 = loads(SCHEMA_V1)

    # Without credentials a write is refused with Confluent's 401, and nothing is registered.
    try:
        CachedSchemaRegistryClient({"url": url}).register(subject, schema_v1)
        raise AssertionError("registering without credentials must fail")
    except Exception as e:  # ClientError
        check("401" in str(e) and "Unauthorized" in str(e), "anonymous registration reports 401, got: %s" % e)
    anonymous_versions = requests.get("%s/subjects/%s/versions" % (url, subject))
    check(anonymous_versions.status_code == 404, "nothing registered by the refused write")
    check(anonymous_versions.json()["error_code"] == 40401, "Confluent's error body on the 404")

    writer_client = writer(url, user_info)

    # Encode registers the schema under <topic>-value (TopicNameStrategy) and prefixes the Confluent wire header.
    payload = MessageSerializer(writer_client).encode_record_with_schema(topic, schema_v1, record)
    magic, schema_id = struct.unpack(">bI", payload[:5])
    check(magic == 0, "magic byte is 0")

    # A fresh client has no cache: decoding must fetch the writer schema by id from the registry.
    decoded = MessageSerializer(CachedSchemaRegistryClient({"url": url})).decode_message(payload)
    check(decoded == record, "decoded %r == encoded %r" % (decoded, record))

    # The id the serializer wrote is the id the registry serves.
    by_id = requests.get("%s/schemas/ids/%d" % (url, schema_id),
                         headers={"Accept": "application/vnd.schemaregistry.v1+json"})
    check(by_id.status_code == 200, "GET /schemas/ids/%d answered %d" % (schema_id, by_id.status_code))
    check(json.loads(by_id.json()["schema"]) == json.loads(str(schema_v1)), "schema by id equals the registered one")

    # Reads need no credentials: latest version, lookup (a POST that changes nothing), levels, compatibility checks.
    lookup_client = CachedSchemaRegistryClient({"url": url})
    latest_id, _, latest_version = lookup_client.get_latest_schema(subject)
    check(latest_id == schema_id and latest_version == 1, "latest is version 1 with the same id")
    check(lookup_client.check_registration(subject, loads(SCHEMA_V1)) == schema_id, "check_registration finds the id")
    check(lookup_client.get_version(subject, loads(SCHEMA_V1)) == 1, "get_version answers 1")

    check(lookup_client.get_compatibility() in ("BACKWARD", "NONE", "FULL", "FORWARD"), "global level readable")
    try:
        lookup_client.update_compatibility("NONE", subject)
        raise AssertionError("changing a level without credentials must fail")
    except Exception as e:  # ClientError
        check("401" in str(e), "anonymous level change reports 401, got: %s" % e)
    check(writer_client.update_compatibility("BACKWARD", subject) == "BACKWARD", "subject level updatable")
    check(lookup_client.get_compatibility(subject) == "BACKWARD", "subject level readable")
    check(lookup_client.test_compatibility(subject, loads(SCHEMA_V2)) is True, "v2 is compatible")
    check(lookup_client.test_compatibility(subject, loads(SCHEMA_BAD)) is False, "bad schema is not compatible")

    v2_id = writer(url, user_info).register(subject, loads(SCHEMA_V2))
    check(v2_id != schema_id, "v2 gets a new id")
    try:
        writer_client.register(subject, loads(SCHEMA_BAD))
        raise AssertionError("registering an incompatible schema must fail")
    except Exception as e:  # ClientError
        check("409" in str(e), "incompatible registration reports 409, got: %s" % e)

    # Data written with v1 still decodes after v2 is the latest.
    check(MessageSerializer(CachedSchemaRegistryClient({"url": url})).decode_message(payload) == record,
          "v1 payload decodes after evolution")

    print(json.dumps({"subject": subject, "id": schema_id, "v2_id": v2_id, "decoded": decoded}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])

#!/usr/bin/python3
"""Submits a Taskmill batch from Python, with nothing of Taskmill but its wire protocol
(docs/protocol/PROTOCOL.md) and pika: Java consumers run the tasks, `taskmill join` counts them.

    TASKMILL_BROKER=amqp://guest:guest@localhost:5672 submit.py --type count --payloads tasks.jsonl

The broker URI comes from TASKMILL_BROKER (or --broker, where `ps` shows its password),
its user's password from a file (TASKMILL_BROKER_PASSWORD_FILE, --broker-password-file) or
TASKMILL_BROKER_PASSWORD, the deployment from TASKMILL_PREFIX and TASKMILL_QUEUE: the same
environment as the taskmill CLI's. With --signing-key-file (or TASKMILL_SIGNING_KEY_FILE) every message is signed with the
file's first key, for consumers that run signed tasks only.

One JSON object per line of the payload file (or of stdin with -). Prints the batch id.
Exit codes as taskmill's: 64 bad input, 69 broker unreachable or deployment missing.
"""
import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import sys
import time
import urllib.parse
import zlib

import pika
import pika.exceptions

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
VERSION = 1


def base36(number):
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = DIGITS[digit] + text
        if number == 0:
            return text


def new_batch_id(now_ms):
    # <creation millis, base 36>-<8 random base-36 digits>: a join starts reading the log at that time.
    return base36(now_ms) + "-" + (base36(secrets.randbits(63)) + "00000000")[:8]


def now_ms():
    return int(time.time() * 1000)


def fail(code, message):
    print("submit.py: " + message, file=sys.stderr)
    sys.exit(code)


def read_payloads(source):
    try:
        stream = sys.stdin if source == "-" else open(source, encoding="utf-8")
    except OSError as e:
        fail(64, f"cannot read {source} ({e.strerror})")
    payloads = []
    with stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                payload = json.loads(line)
            except ValueError as e:
                fail(64, f"{source} line {number}: not JSON ({e})")
            if not isinstance(payload, dict):
                fail(64, f"{source} line {number}: a payload must be a JSON object")
            payloads.append(payload)
    return payloads


def read_signing_key(path):
    """The first key of a Taskmill key file: lines of 'ID SECRET', the secret in base64."""
    try:
        with open(path, encoding="utf-8") as keys:
            lines = [line.split() for line in keys if line.strip() and not line.lstrip().startswith("#")]
    except OSError as e:
        fail(64, f"cannot read the signing key file {path} ({e.strerror})")
    if not lines or len(lines[0]) != 2:
        fail(64, f"{path}: the first key line must be 'ID SECRET' (the secret in base64)")
    try:
        return lines[0][0], base64.b64decode(lines[0][1], validate=True)
    except (binascii.Error, ValueError):
        fail(64, f"{path}: the secret of key '{lines[0][0]}' is not base64")


def signed(body, key):
    """A signature line, 'TMS1 <key id> <HMAC-SHA256, base64url without padding>', then the JSON itself."""
    if key is None:
        return body
    key_id, secret = key
    mac = base64.urlsafe_b64encode(hmac.new(secret, body, hashlib.sha256).digest()).rstrip(b"=")
    return b"TMS1 " + key_id.encode("ascii") + b" " + mac + b"\n" + body


class Publisher:
    """Persistent, mandatory publishes on a confirming channel: back from basic_publish means confirmed."""

    def __init__(self, broker, key):
        self.key = key
        parameters = pika.URLParameters(broker)
        try:
            self.connection = pika.BlockingConnection(parameters)
        except pika.exceptions.AMQPError as e:
            fail(69, f"cannot reach RabbitMQ at {parameters.host}:{parameters.port} ({type(e).__name__})")
        self.channel = self.connection.channel()
        self.channel.confirm_delivery()

    def require(self, queue):
        try:
            self.channel.queue_declare(queue, passive=True)
        except pika.exceptions.ChannelClosedByBroker:
            fail(69, f"no queue {queue}: start a consumer (or run any taskmill command) on this deployment first")

    def publish(self, queue, message, kind, message_id=None):
        properties = pika.BasicProperties(content_type="application/json", delivery_mode=2,
                                          message_id=message_id, type=kind)
        body = signed(json.dumps(message, separators=(",", ":")).encode("utf-8"), self.key)
        try:
            self.channel.basic_publish("", queue, body, properties, mandatory=True)
        except (pika.exceptions.UnroutableError, pika.exceptions.NackError) as e:
            fail(69, f"the broker did not take a message for {queue} ({type(e).__name__})")

    def close(self):
        self.connection.close()


# What Taskmill reads from a broker URI and pika does not take.
TASKMILL_OPTIONS = {"queue-type", "delivery-limit", "recovery-timeout", "replicas", "log-max-age", "log-max-bytes",
                    "event-partitions", "partitions"}


def count_option(options, name, most):
    value = options.get(name, "1")
    if not value.isdigit() or not 1 <= int(value) <= most:
        fail(64, f"{name} in the broker URI must be 1 to {most}, was '{value}'")
    return int(value)


def split_broker_uri(uri):
    """The URI for pika, without Taskmill's own options; the deployment's event partitions and work partitions."""
    parts = urllib.parse.urlsplit(uri)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    options = dict(query)
    rest = urllib.parse.urlencode([(name, value) for name, value in query if name not in TASKMILL_OPTIONS])
    return (urllib.parse.urlunsplit(parts._replace(query=rest)), count_option(options, "event-partitions", 32),
            count_option(options, "partitions", 16))


def read_password_file(path):
    try:
        with open(path, encoding="utf-8") as file:
            password = file.readline().rstrip("\r\n")
    except OSError as e:
        fail(64, f"cannot read the broker password file {path} ({e.strerror})")
    if not password:
        fail(64, f"the broker password file {path} is empty")
    return password


def with_password(uri, password_file, env_password):
    """The URI with its user's password put in, from a file or the environment, as the taskmill CLI takes it."""
    parts = urllib.parse.urlsplit(uri)
    password = read_password_file(password_file) if password_file else env_password or None
    if password_file and env_password:
        print(f"submit.py: warning: the broker password is read from {password_file}; TASKMILL_BROKER_PASSWORD, "
              "also set, is not used: unset one of them", file=sys.stderr)
    user_info, at, hosts = parts.netloc.rpartition("@")
    if password is None:
        if at and ":" not in user_info:
            fail(64, f"the broker URI names the user {user_info} but no password: give it in a file "
                     "(TASKMILL_BROKER_PASSWORD_FILE) or in TASKMILL_BROKER_PASSWORD")
        return uri
    if not at:
        fail(64, "a broker password needs a user in the URI, like amqp://user@host:5672")
    if ":" in user_info:
        fail(64, "the broker URI holds a password and one is also given "
                 + (f"in {password_file}" if password_file else "in TASKMILL_BROKER_PASSWORD") + ": give it once")
    netloc = f"{user_info}:{urllib.parse.quote(password, safe='')}@{hosts}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def event_log_of(prefix, batch, partitions):
    """Where Taskmill's EventPartitions puts a batch's events: zlib's crc32 of its id, modulo the count."""
    if partitions == 1:
        return f"{prefix}.events"
    return f"{prefix}.events-p{zlib.crc32(batch.encode('utf-8')) % partitions}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--broker", default=os.environ.get("TASKMILL_BROKER"))
    parser.add_argument("--broker-password-file", default=os.environ.get("TASKMILL_BROKER_PASSWORD_FILE"))
    parser.add_argument("--prefix", default=os.environ.get("TASKMILL_PREFIX") or "taskmill")
    parser.add_argument("--queue", default=os.environ.get("TASKMILL_QUEUE") or "default")
    parser.add_argument("--type", required=True)
    parser.add_argument("--payloads", default="-")
    parser.add_argument("--time-limit-ms", type=int, default=600_000)
    parser.add_argument("--signing-key-file", default=os.environ.get("TASKMILL_SIGNING_KEY_FILE"))
    args = parser.parse_args()
    if not args.broker:
        fail(64, "no broker: set TASKMILL_BROKER (or pass --broker URI)")

    payloads = read_payloads(args.payloads)
    key = read_signing_key(args.signing_key_file) if args.signing_key_file else None
    broker, partitions, work_partitions = split_broker_uri(with_password(
        args.broker, args.broker_password_file, os.environ.get("TASKMILL_BROKER_PASSWORD")))
    created = now_ms()
    batch = new_batch_id(created)
    work_queue, event_log = f"{args.prefix}.{args.queue}", event_log_of(args.prefix, batch, partitions)
    # A worker reports a task's outcome to the log its task names (the one log when it names none).
    headers = {} if partitions == 1 else {"taskmill-events": event_log[len(args.prefix) + 1:]}
    publisher = Publisher(broker, key)
    # A queue of several partitions: partition 0 is the queue itself, partition k its '.part-k'; tasks go in turn.
    work_queues = [work_queue] + [f"{work_queue}.part-{k}" for k in range(1, work_partitions)]
    for queue in work_queues:
        publisher.require(queue)
    publisher.require(event_log)

    # The opening first: a join that meets a batch's tasks before its opening reads further back.
    publisher.publish(event_log, {"kind": "opened", "v": VERSION, "batch": batch, "openedAt": created}, "opened")
    for seq, payload in enumerate(payloads):
        task_id = f"{batch}:{seq}"
        task = {"v": VERSION, "id": task_id, "batch": batch, "type": args.type, "count": 1, "attempt": 1,
                "maxAttempts": 0, "timeLimitMs": args.time_limit_ms, "createdAt": created, "headers": headers,
                "payload": payload}
        publisher.publish(work_queues[seq % work_partitions], task, "task", task_id)
    # Only once every task is confirmed: the seal tells every join how many tasks to wait for.
    publisher.publish(event_log, {"kind": "sealed", "v": VERSION, "batch": batch, "total": len(payloads),
                                  "sealedAt": now_ms()}, "sealed")
    publisher.close()
    print(batch)


if __name__ == "__main__":
    main()

"""Celery beside Taskmill in bench/run: the same no-op tasks, on the same RabbitMQ.

Settings a Celery user sets for at-least-once work (acks_late) and for a join (a result
backend); everything else is Celery's default: prefetch multiplier 4, a durable classic
queue (Celery 5.2 cannot use quorum queues), persistent messages, no publisher confirms.

    python3 noop_tasks.py producer QUEUE TASKS   sends TASKS tasks, waits for all their results, prints seconds from the first (bench/run times the whole process)
    python3 noop_tasks.py latency QUEUE COUNT    one task in flight at a time, prints µs per task
    python3 noop_tasks.py clean QUEUE            deletes the queue and its exchange
    celery -A noop_tasks worker -Q QUEUE ...     the worker (run from this directory)

CELERY_BROKER names the broker (default amqp://guest:guest@localhost:5672//).
"""
import os
import sys
import time

from celery import Celery
from celery.result import ResultSet

app = Celery("taskmill_bench",
             broker=os.environ.get("CELERY_BROKER", "amqp://guest:guest@localhost:5672//"),
             backend="rpc://")
app.conf.task_acks_late = True


@app.task(name="noop")
def noop():
    return None


def produce(queue, tasks):
    start = time.perf_counter()
    # One producer for every task: four times as fast here as group(...).apply_async().
    with app.producer_or_acquire() as producer:
        results = ResultSet([noop.apply_async(queue=queue, producer=producer) for _ in range(tasks)])
    results.get(timeout=600)
    print(f"{time.perf_counter() - start:.3f}")


def latency(queue, count):
    for _ in range(count):
        start = time.perf_counter_ns()
        noop.apply_async(queue=queue).get(timeout=60)
        print((time.perf_counter_ns() - start) // 1000)


def clean(queue):
    """Deletes the queue, and the exchange of the same name that Celery declared for it."""
    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)
        connection.default_channel.exchange_delete(queue)


if __name__ == "__main__":
    mode, queue = sys.argv[1], sys.argv[2]
    if mode == "producer":
        produce(queue, int(sys.argv[3]))
    elif mode == "latency":
        latency(queue, int(sys.argv[3]))
    elif mode == "clean":
        clean(queue)
    else:
        sys.exit("usage: noop_tasks.py producer|latency|clean QUEUE [N]")

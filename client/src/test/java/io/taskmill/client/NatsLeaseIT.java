package io.taskmill.client;

/** Leases on the machine's NATS, whose ack wait a stalled worker stops renewing. */
class NatsLeaseIT extends LeaseContract {

    NatsLeaseIT() {
        super(RemoteBroker.nats());
    }
}

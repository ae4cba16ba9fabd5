package io.taskmill.client;

/** A fleet-wide rate limit on the machine's RabbitMQ, the fleet known from the presence log. */
class RabbitRateIT extends RateContract {

    RabbitRateIT() {
        super(RemoteBroker.rabbitmq());
    }
}

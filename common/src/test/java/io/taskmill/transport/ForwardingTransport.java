package io.taskmill.transport;

import java.util.Collection;
import java.util.List;

/** A transport that hands every call to another: a test overrides the one part it makes misbehave. */
public class ForwardingTransport implements Transport {

    private final Transport delegate;

    public ForwardingTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public WorkQueue workQueue(String name) {
        return delegate.workQueue(name);
    }

    @Override
    public WorkQueue workQueue(String name, Lane lane) {
        return delegate.workQueue(name, lane);
    }

    @Override
    public EventLog log(LogSpec spec) {
        return delegate.log(spec);
    }

    @Override
    public EventPartitions eventPartitions() {
        return delegate.eventPartitions();
    }

    @Override
    public QueueStatistics statistics() {
        return delegate.statistics();
    }

    @Override
    public List<BrokerObject> footprint(Collection<String> queues, boolean whole) {
        return delegate.footprint(queues, whole);
    }

    @Override
    public void delete(List<BrokerObject> objects) {
        delegate.delete(objects);
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void onFlowControl(FlowListener listener) {
        delegate.onFlowControl(listener);
    }

    @Override
    public void settleTogether(Runnable settles) {
        delegate.settleTogether(settles);
    }

    @Override
    public boolean connected() {
        return delegate.connected();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

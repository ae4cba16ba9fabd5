package io.taskmill.trace;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context from the producer to the handler, through the task's headers, with
 * OpenTelemetry API spans for a batch's publication and each task's execution. Without an
 * SDK the spans record nothing, but the context still travels: a batch published outside
 * any trace gets a trace id of its own, so that its tasks' log lines and completion events
 * can be found by it.
 */
public final class TaskTracing {

    /** The task header that carries the W3C {@code traceparent}. */
    public static final String TRACEPARENT = "traceparent";
    /** On a retry: the {@code traceparent} of the task's first attempt, which later attempts link to. */
    public static final String FIRST_ATTEMPT = "taskmill-first-attempt";

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("taskmill.task_id");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("taskmill.attempt");
    private static final AttributeKey<String> BATCH = AttributeKey.stringKey("taskmill.batch");

    private final Tracer tracer;

    public TaskTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.taskmill");
    }

    /** Spans go to whatever SDK the application registered globally, if any. */
    public static TaskTracing global() {
        return new TaskTracing(GlobalOpenTelemetry.get());
    }

    /**
     * A W3C {@code traceparent} given by a user, as the parent of what follows.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Context parse(String traceparent) {
        Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(),
                Map.of(TRACEPARENT, traceparent.trim().toLowerCase(Locale.ROOT)), HEADERS);
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            throw new IllegalArgumentException("not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>): '"
                    + traceparent + "'");
        }
        return context;
    }

    /** The span of a batch's publication, under {@code parent}; a fresh trace when there is nothing to continue. */
    public Span startPublish(Context parent, String batch) {
        Span span = tracer.spanBuilder("taskmill publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(BATCH, batch).startSpan();
        if (span.getSpanContext().isValid()) {
            return span;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Span.wrap(SpanContext.create(hex(random.nextLong()) + hex(random.nextLong()), hex(random.nextLong()),
                TraceFlags.getSampled(), TraceState.getDefault()));
    }

    /** The task headers that carry {@code span}'s context to the worker. */
    public static Map<String, String> headers(Span span) {
        Map<String, String> headers = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, Map::put);
        return headers;
    }

    /**
     * The span of one attempt at a task, under the context its headers carry (none: a root
     * span); a retry's span links to its first attempt's.
     */
    public Span startExecute(Map<String, String> taskHeaders, String taskId, String type, int attempt) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), taskHeaders, HEADERS);
        SpanBuilder span = tracer.spanBuilder("taskmill execute " + type).setParent(parent)
                .setSpanKind(SpanKind.CONSUMER).setAttribute(TASK_ID, taskId)
                .setAttribute(ATTEMPT, (long) attempt);
        String first = taskHeaders.get(FIRST_ATTEMPT);
        if (first != null) {
            SpanContext firstAttempt = Span.fromContext(W3CTraceContextPropagator.getInstance().extract(Context.root(),
                    Map.of(TRACEPARENT, first), HEADERS)).getSpanContext();
            if (firstAttempt.isValid()) {
                span.addLink(firstAttempt);
            }
        }
        return span.startSpan();
    }

    /** What a task's next attempt carries so that its span links to the first attempt's: nothing once it has it. */
    public static Map<String, String> firstAttempt(Map<String, String> taskHeaders, Span attempt) {
        if (taskHeaders.containsKey(FIRST_ATTEMPT) || !attempt.getSpanContext().isValid()) {
            return Map.of();
        }
        return Map.of(FIRST_ATTEMPT, headers(attempt).get(TRACEPARENT));
    }

    /** The trace id a span belongs to, or null when it has none. */
    public static String traceId(Span span) {
        SpanContext context = span.getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    private static String hex(long value) {
        return String.format("%016x", value == 0 ? 1 : value);
    }
}

package io.taskmill.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Results of many inputs, streamed: {@code imap} (input order) or {@code imapUnordered}
 * (completion order). At most {@code window} tasks are outstanding; the next inputs are
 * submitted only as results are taken, so a slow reader holds the producer back instead
 * of making the client buffer without bound.
 */
final class TaskStream implements Iterator<JsonNode> {

    private final Iterator<JsonNode> inputs;
    private final Function<List<JsonNode>, List<CompletableFuture<JsonNode>>> submitChunk;
    private final int window;
    private final int chunk;
    private final boolean ordered;
    private final Deque<CompletableFuture<JsonNode>> inOrder = new ArrayDeque<>();
    private final BlockingQueue<CompletableFuture<JsonNode>> completed = new LinkedBlockingQueue<>();
    private int outstanding;

    TaskStream(Iterator<JsonNode> inputs, Function<List<JsonNode>, List<CompletableFuture<JsonNode>>> submitChunk,
               int window, int chunk, boolean ordered) {
        this.inputs = inputs;
        this.submitChunk = submitChunk;
        this.window = window;
        this.chunk = chunk;
        this.ordered = ordered;
    }

    @Override
    public boolean hasNext() {
        fill();
        return outstanding > 0;
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CompletableFuture<JsonNode> next;
        try {
            next = ordered ? inOrder.poll() : completed.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        outstanding--;
        try {
            return next.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void fill() {
        while (outstanding + chunk <= window && inputs.hasNext() || outstanding == 0 && inputs.hasNext()) {
            List<JsonNode> payloads = new ArrayList<>(chunk);
            while (payloads.size() < chunk && inputs.hasNext()) {
                payloads.add(inputs.next());
            }
            for (CompletableFuture<JsonNode> future : submitChunk.apply(payloads)) {
                outstanding++;
                if (ordered) {
                    inOrder.add(future);
                } else {
                    future.whenComplete((result, failure) -> completed.add(future));
                }
            }
        }
    }
}

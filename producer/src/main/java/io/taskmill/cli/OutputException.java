package io.taskmill.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/** An output the user asked for could not be written whole: exit 74, never a silent short file. */
final class OutputException extends UncheckedIOException {

    OutputException(String message, IOException cause) {
        super(message, cause);
    }
}

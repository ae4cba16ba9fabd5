package io.taskmill.cli;

import io.taskmill.transport.Priority;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code high}, {@code normal} or {@code low}. */
final class PriorityConverter implements ITypeConverter<Priority> {

    @Override
    public Priority convert(String text) {
        try {
            return Priority.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}

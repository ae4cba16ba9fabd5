package io.taskmill.cli;

import io.taskmill.transport.Priority;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code high}, {@code normal} or {@code low}. */
final class PriorityConverter implements ITypeConverter<Priority> {

    /** What completion offers: the words the help uses, not the enum's constants. */
    static final class Names extends java.util.ArrayList<String> {
        Names() {
            super(java.util.Arrays.stream(Priority.values()).map(Priority::label)
                    .toList());
        }
    }

    @Override
    public Priority convert(String text) {
        try {
            return Priority.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}

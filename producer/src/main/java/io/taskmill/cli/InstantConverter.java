package io.taskmill.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A time as ISO-8601 with a zone: {@code 2026-12-01T10:00Z} or {@code 2026-12-01T11:00:30+01:00}. */
final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("not an ISO-8601 time with a zone: '" + text
                    + "' (like 2026-12-01T10:00Z or 2026-12-01T11:00+01:00)");
        }
    }
}

package org.lnteller.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.argument.Argument;
import org.jspecify.annotations.Nullable;

/**
 * Column conversions both databases agree on. Instants are written as TIMESTAMP WITH TIME ZONE in
 * UTC, truncated to the microsecond (PostgreSQL's precision; H2 would round instead, so the
 * truncation happens here, the same way for both).
 */
final class Sql {
    private Sql() {}

    /** The instant as the store keeps it. */
    static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Argument timestamp(Instant instant) {
        OffsetDateTime value = OffsetDateTime.ofInstant(stored(instant), ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, value);
    }

    static Argument timestamp(Optional<Instant> instant) {
        if (instant.isPresent()) return timestamp(instant.get());
        return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
    }

    static Argument text(String value) {
        return (position, statement, ctx) -> statement.setString(position, value);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return optionalInstant(rs, column)
                .orElseThrow(() -> new SQLException("column " + column + " is NULL where a time is required"));
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** The boxed value, or null: what JDBI binds as SQL NULL. */
    static @Nullable Integer nullable(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }
}

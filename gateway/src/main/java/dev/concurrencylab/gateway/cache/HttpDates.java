package dev.concurrencylab.gateway.cache;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * HTTP dates read strictly (RFC 9110 §5.6.7): the IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT})
 * and the two obsolete forms a recipient must still accept (RFC 850 {@code Sunday, 06-Nov-94
 * 08:49:37 GMT} and asctime {@code Sun Nov  6 08:49:37 1994}), always in GMT. Anything else, an
 * offset such as {@code +0100}, a missing weekday or a single-digit day included, is invalid:
 * for {@code Expires} that means already expired (RFC 9111 §5.3). Why by hand: the JDK's
 * {@code RFC_1123_DATE_TIME} (behind Spring's {@code HttpHeaders.getFirstDate}) accepts all of those.
 */
final class HttpDates {

    /** Day of month with one or two digits: the JDK's own RFC 1123 formatter, common among senders, writes one. */
    private static final DateTimeFormatter IMF_FIXDATE = strict("EEE, d MMM uuuu HH:mm:ss 'GMT'");
    private static final DateTimeFormatter WRITTEN = strict("EEE, dd MMM uuuu HH:mm:ss 'GMT'");
    /** Without the weekday, checked after the century is known (a two-digit year cannot be checked against it). */
    private static final DateTimeFormatter RFC_850 = strict("dd-MMM-uu HH:mm:ss 'GMT'");
    private static final DateTimeFormatter ASCTIME = strict("EEE MMM ppd HH:mm:ss uuuu");

    private HttpDates() {
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.US).withResolverStyle(ResolverStyle.STRICT);
    }

    /** The date in epoch ms, or -1 when the value is no valid HTTP date. */
    static long parse(String value) {
        if (value == null) {
            return -1;
        }
        String trimmed = value.trim();
        LocalDateTime parsed = parse(trimmed, IMF_FIXDATE);
        if (parsed == null) {
            parsed = parse(trimmed, ASCTIME);
        }
        if (parsed == null) {
            parsed = rfc850(trimmed);
        }
        return parsed == null ? -1 : parsed.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static LocalDateTime parse(String value, DateTimeFormatter format) {
        try {
            return LocalDateTime.parse(value, format);
        } catch (DateTimeParseException notThisForm) {
            return null;
        }
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}: a two-digit year more than 50 years ahead is in the past century (RFC 9110 §5.6.7). */
    private static LocalDateTime rfc850(String value) {
        int comma = value.indexOf(", ");
        if (comma < 0) {
            return null;
        }
        LocalDateTime parsed = parse(value.substring(comma + 2), RFC_850);
        if (parsed == null) {
            return null;
        }
        if (parsed.getYear() > LocalDateTime.now(ZoneOffset.UTC).getYear() + 50) {
            parsed = parsed.minusYears(100);
        }
        String weekday = parsed.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.US);
        return weekday.equals(value.substring(0, comma)) ? parsed : null;
    }

    /** The IMF-fixdate of epoch ms, as the gateway writes dates. */
    static String format(long millis) {
        return WRITTEN.format(LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC));
    }
}

package dev.concurrencylab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.gateway.TestOrigin.Answer;

/**
 * The cache's rules, one test each, named after the section of RFC 9111 (or RFC 5861) they
 * follow, against a real origin: what is stored, for how long, how it is served, revalidated and
 * invalidated. Time is the test's clock, so ages are exact and nothing waits for time to pass.
 * Every test uses paths of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.GatewayClock.class)
class HttpCacheTest {

    private static final TestClock CLOCK = TestClock.SHARED;
    private static final TestOrigin ORIGIN = new TestOrigin(CLOCK);
    /** Behind "/gone": an origin the test stops, for connection failures. */
    private static final TestOrigin GONE = new TestOrigin(CLOCK);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        registry.add("lab.gateway.cache.max-bytes", () -> "1MB");
        registry.add("lab.gateway.cache.max-entry-bytes", () -> "16KB");
        registry.add("lab.gateway.cache.coalesce-timeout", () -> "500ms");
        ORIGIN.cachedRoute(registry, "c", "5s");
        ORIGIN.cachedRoute(registry, "ttl", "5s");
        registry.add("lab.gateway.routes.ttl.cache.default-ttl", () -> "30s");
        ORIGIN.cachedRoute(registry, "p", "5s");
        registry.add("lab.gateway.routes.p.cache.paths", () -> "/p/products/**");
        GONE.cachedRoute(registry, "gone", "5s");
        // a cached route whose upstream refuses every connection
        registry.add("lab.gateway.routes.refused.path", () -> "/refused");
        registry.add("lab.gateway.routes.refused.uri", () -> "http://127.0.0.1:" + closedPort());
        registry.add("lab.gateway.routes.refused.timeout", () -> "5s");
        registry.add("lab.gateway.routes.refused.retry.attempts", () -> "0");
        registry.add("lab.gateway.routes.refused.cache.enabled", () -> "true");
        registry.add("lab.gateway.routes.plain.path", () -> "/plain");
        registry.add("lab.gateway.routes.plain.uri", ORIGIN::uri);
        registry.add("lab.gateway.routes.plain.timeout", () -> "5s");
    }

    /** A loopback port nothing listens on: bound once by the system, then released. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;
    @Autowired
    private MeterRegistry meters;

    @AfterAll
    static void stopOrigins() {
        ORIGIN.close();
        GONE.close();
    }

    private HttpResponse<String> get(String path, String... headers) {
        return new Client(port).get(path, headers);
    }

    private static String xCache(HttpResponse<String> response) {
        return response.headers().firstValue("X-Cache").orElse(null);
    }

    private static void assertServed(HttpResponse<String> response, int status, String xCache, String body) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(xCache(response)).as("X-Cache of %s %s", response.statusCode(), response.body()).isEqualTo(xCache);
        if (body != null) {
            assertThat(response.body()).isEqualTo(body);
        }
    }

    // ---- §3 storing responses ----

    @Test
    @DisplayName("RFC 9111 §3: a fresh response is stored and served from the cache, with Age")
    void rfc9111_3_freshResponseIsStoredAndServed() {
        ORIGIN.on("/fresh", Answer.ok("v1", "Cache-Control", "public, max-age=60", "ETag", "\"a\""));

        assertServed(get("/c/fresh"), 200, "MISS", "v1");
        HttpResponse<String> hit = get("/c/fresh");

        assertServed(hit, 200, "HIT", "v1");
        assertThat(hit.headers().firstValue("Age")).hasValue("0");
        assertThat(hit.headers().firstValue("ETag")).hasValue("\"a\"");
        assertThat(hit.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        assertThat(ORIGIN.requests("/fresh")).isEqualTo(1);
    }

    @Test
    @DisplayName("RFC 9111 §3.1: a hit carries the header fields the miss did, repeated fields in order, values byte for byte")
    void rfc9111_3_1_hitCarriesTheStoredHeaderFields() {
        ORIGIN.on("/fields", Answer.ok("v", "Cache-Control", "public, max-age=60", "Link", "</a.css>; rel=preload",
                "Link", "</b.js>; rel=preload", "Content-Language", "de", "X-Note", "caf\u00e9 cr\u00e8me"));

        HttpResponse<String> miss = get("/c/fields");
        HttpResponse<String> hit = get("/c/fields");
        HttpResponse<String> head = new Client(port).send("HEAD", "/c/fields");

        assertServed(miss, 200, "MISS", "v");
        assertServed(hit, 200, "HIT", "v");
        assertThat(head.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(hit.headers().allValues("Link")).containsExactly("</a.css>; rel=preload", "</b.js>; rel=preload");
        assertThat(hit.headers().firstValue("X-Note")).hasValue("caf\u00e9 cr\u00e8me");
        assertThat(storedFields(hit)).isEqualTo(storedFields(miss)).isEqualTo(storedFields(head));
    }

    /** A response's header fields but those that belong to one exchange (not stored, RFC 9111 §3.1). */
    private static Map<String, List<String>> storedFields(HttpResponse<String> response) {
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        fields.putAll(response.headers().map());
        List.of("Age", "X-Cache", "X-Request-Id").forEach(fields::remove);
        return fields;
    }

    @Test
    @DisplayName("RFC 9111 §3: a response with no-store is never stored")
    void rfc9111_3_noStoreIsNeverStored() {
        ORIGIN.on("/nostore", Answer.ok("secret", "Cache-Control", "no-store, max-age=60"));

        assertServed(get("/c/nostore"), 200, "MISS", "secret");
        assertServed(get("/c/nostore"), 200, "MISS", "secret");

        assertThat(ORIGIN.requests("/nostore")).isEqualTo(2);
    }

    @Test
    @DisplayName("RFC 9111 §5.2.1.5: a request with no-store stores nothing")
    void rfc9111_5_2_1_5_requestNoStoreStoresNothing() {
        ORIGIN.on("/reqnostore", Answer.ok("v", "Cache-Control", "max-age=60"));

        get("/c/reqnostore", "Cache-Control", "no-store");
        assertServed(get("/c/reqnostore"), 200, "MISS", "v");

        assertThat(ORIGIN.requests("/reqnostore")).isEqualTo(2);
    }

    @Test
    @DisplayName("RFC 9111 §3, §5.2.2.7: a private response is never stored, so never reaches another client")
    void rfc9111_3_privateIsNeverStored() {
        ORIGIN.on("/mine", request -> Answer.ok("for " + request.requestHeaders().get("X-User"),
                "Cache-Control", "private, max-age=60"));

        assertServed(get("/c/mine", "X-User", "alice"), 200, "MISS", "for alice");
        assertServed(get("/c/mine", "X-User", "bob"), 200, "MISS", "for bob");

        assertThat(ORIGIN.requests("/mine")).isEqualTo(2);
    }

    @Test
    @DisplayName("RFC 9111 §3.5: a response to an authorized request is not shared unless public, s-maxage or must-revalidate")
    void rfc9111_3_5_authorizedResponseIsNotShared() {
        ORIGIN.on("/account", request -> Answer.ok("account of " + request.requestHeaders().get("Authorization"),
                "Cache-Control", "max-age=60"));
        ORIGIN.on("/catalog", request -> Answer.ok("catalog", "Cache-Control", "public, max-age=60"));

        assertServed(get("/c/account", "Authorization", "Bearer alice"), 200, "MISS", "account of Bearer alice");
        assertServed(get("/c/account", "Authorization", "Bearer bob"), 200, "MISS", "account of Bearer bob");
        assertServed(get("/c/account"), 200, "MISS", "account of null");
        get("/c/catalog", "Authorization", "Bearer alice");
        assertServed(get("/c/catalog"), 200, "HIT", "catalog");

        assertThat(ORIGIN.requests("/account")).isEqualTo(3);
    }

    @Test
    @DisplayName("RFC 9111 §3, §7.3: a response with Set-Cookie is not stored, so a cookie never reaches another client")
    void rfc9111_3_setCookieIsNeverShared() {
        ORIGIN.on("/login", request -> Answer.ok("hello " + request.requestHeaders().get("X-User"),
                "Cache-Control", "public, max-age=60", "Set-Cookie", "session=" + request.requestHeaders().get("X-User")));

        get("/c/login", "X-User", "alice");
        HttpResponse<String> bob = get("/c/login", "X-User", "bob");

        assertServed(bob, 200, "MISS", "hello bob");
        assertThat(bob.headers().allValues("Set-Cookie")).containsExactly("session=bob");
    }

    @Test
    @DisplayName("RFC 9111 §3: only final status codes the cache understands are stored; 5xx never")
    void rfc9111_3_onlyUnderstoodStatusCodesAreStored() {
        ORIGIN.on("/broken", Answer.of(500, "oops", "Cache-Control", "max-age=60"));
        ORIGIN.on("/partial", Answer.of(206, "part", "Cache-Control", "max-age=60"));
        ORIGIN.on("/missing", Answer.of(404, "none", "Cache-Control", "max-age=60"));

        get("/c/broken");
        get("/c/partial");
        get("/c/missing");

        assertServed(get("/c/broken"), 500, "MISS", "oops");
        assertServed(get("/c/partial"), 206, "MISS", "part");
        assertServed(get("/c/missing"), 404, "HIT", "none");
    }

    @Test
    @DisplayName("RFC 9111 §3, §4: HEAD is answered from a stored GET; a HEAD response is never used for GET")
    void rfc9111_4_headServedFromGetButNotTheOtherWay() {
        ORIGIN.on("/head", Answer.ok("body", "Cache-Control", "max-age=60"));

        assertServed(new Client(port).send("HEAD", "/c/head"), 200, "MISS", "");
        assertServed(get("/c/head"), 200, "MISS", "body");
        HttpResponse<String> head = new Client(port).send("HEAD", "/c/head");

        assertServed(head, 200, "HIT", "");
        assertThat(ORIGIN.requests("/head")).isEqualTo(2);
    }

    @Test
    @DisplayName("RFC 9111 §3: a body larger than max-entry-bytes streams through whole and is not stored")
    void rfc9111_3_oversizedBodyStreamsThroughUnstored() {
        String big = "x".repeat(40_000);
        ORIGIN.on("/big", Answer.ok(big, "Cache-Control", "max-age=60"));

        assertServed(get("/c/big"), 200, "MISS", big);
        assertServed(get("/c/big"), 200, "MISS", big);

        assertThat(ORIGIN.requests("/big")).isEqualTo(2);
    }

    // ---- §4 keys ----

    @Test
    @DisplayName("RFC 9111 §4: the key has the query's parameters in a normalised order")
    void rfc9111_4_queryParametersInAnyOrderAreOneKey() {
        ORIGIN.on("/q?a=1&b=2", Answer.ok("ab", "Cache-Control", "max-age=60"));
        ORIGIN.on("/q?b=2&a=1", Answer.ok("ab", "Cache-Control", "max-age=60"));

        get("/c/q?a=1&b=2");

        assertServed(get("/c/q?b=2&a=1"), 200, "HIT", "ab");
        assertThat(xCache(get("/c/q?a=1&b=3"))).isEqualTo("MISS");
    }

    @Test
    @DisplayName("RFC 9111 §4: the values of a repeated parameter keep their order in the key")
    void rfc9111_4_repeatedParameterValuesKeepTheirOrder() {
        ORIGIN.on("/rep?s=a&s=b", Answer.ok("a then b", "Cache-Control", "max-age=60"));
        ORIGIN.on("/rep?s=b&s=a", Answer.ok("b then a", "Cache-Control", "max-age=60"));
        get("/c/rep?s=a&s=b");

        assertServed(get("/c/rep?s=b&s=a"), 200, "MISS", "b then a");
        assertServed(get("/c/rep?s=a&s=b"), 200, "HIT", "a then b");
    }

    @Test
    @DisplayName("RFC 9111 §4, §4.3.5: a HEAD that waited for a GET in flight and gave up never stores its own bodiless answer")
    void rfc9111_4_headWaiterNeverStoresItsAnswer() {
        ORIGIN.on("/head-wait", Answer.ok("body", "Cache-Control", "max-age=60"));
        ORIGIN.hold("/head-wait");
        CompletableFuture<HttpResponse<String>> leader = CompletableFuture.supplyAsync(() -> get("/c/head-wait"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ORIGIN.requests("/head-wait") == 1);

        // waits coalesce-timeout (500 ms) for the held GET, then goes upstream itself
        HttpResponse<String> head = new Client(port).send("HEAD", "/c/head-wait");
        ORIGIN.release("/head-wait");

        assertThat(head.statusCode()).isEqualTo(200);
        assertServed(leader.join(), 200, "MISS", "body");
        assertServed(get("/c/head-wait"), 200, "HIT", "body");
    }

    @Test
    @DisplayName("RFC 9111 §4.1: Vary stores one variant per value of the varying request headers (normalised)")
    void rfc9111_4_1_varyKeepsAVariantPerHeaderValue() {
        ORIGIN.on("/lang", request -> Answer.ok("in " + request.requestHeaders().get("Accept-Language"),
                "Cache-Control", "max-age=60", "Vary", "Accept-Language"));

        assertServed(get("/c/lang", "Accept-Language", "en, de"), 200, "MISS", "in en, de");
        assertServed(get("/c/lang", "Accept-Language", "fr"), 200, "MISS", "in fr");
        assertServed(get("/c/lang"), 200, "MISS", "in null");

        assertServed(get("/c/lang", "Accept-Language", "en,  de"), 200, "HIT", "in en, de");
        assertServed(get("/c/lang", "Accept-Language", "fr"), 200, "HIT", "in fr");
        assertServed(get("/c/lang"), 200, "HIT", "in null");
        assertThat(ORIGIN.requests("/lang")).isEqualTo(3);
    }

    @Test
    @DisplayName("RFC 9111 §4.1: a response with Vary: * is never served from the cache")
    void rfc9111_4_1_varyStarIsNeverServed() {
        ORIGIN.on("/star", Answer.ok("v", "Cache-Control", "max-age=60", "Vary", "*"));

        get("/c/star");

        assertServed(get("/c/star"), 200, "MISS", "v");
        assertThat(ORIGIN.requests("/star")).isEqualTo(2);
    }

    // ---- §4.2 freshness and age ----

    @Test
    @DisplayName("RFC 9111 §4.2.1: s-maxage is preferred to max-age")
    void rfc9111_4_2_1_sMaxAgeBeatsMaxAge() {
        ORIGIN.on("/smax", Answer.ok("v", "Cache-Control", "s-maxage=10, max-age=100"));
        get("/c/smax");

        CLOCK.advance(Duration.ofSeconds(5));
        assertServed(get("/c/smax"), 200, "HIT", "v");
        CLOCK.advance(Duration.ofSeconds(10));
        assertServed(get("/c/smax"), 200, "MISS", "v");
    }

    @Test
    @DisplayName("RFC 9111 §4.2.1: without max-age, freshness is Expires minus Date")
    void rfc9111_4_2_1_expiresMinusDate() {
        ORIGIN.on("/expires", request -> Answer.ok("v", "Expires", TestOrigin.date(CLOCK.millis() + 30_000)));
        get("/c/expires");

        CLOCK.advance(Duration.ofSeconds(20));
        assertServed(get("/c/expires"), 200, "HIT", "v");
        CLOCK.advance(Duration.ofSeconds(20));
        assertServed(get("/c/expires"), 200, "MISS", "v");
    }

    @Test
    @DisplayName("RFC 9111 §5.3: an Expires that is no valid HTTP date (here an offset instead of GMT) is already expired")
    void rfc9111_5_3_anInvalidExpiresIsAlreadyExpired() {
        String withOffset = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", java.util.Locale.US)
                .format(java.time.Instant.ofEpochMilli(CLOCK.millis() + 60_000).atZone(java.time.ZoneOffset.UTC));
        ORIGIN.on("/bad-expires", request -> Answer.ok("v", "Expires", withOffset));

        assertServed(get("/c/bad-expires"), 200, "MISS", "v");
        assertServed(get("/c/bad-expires"), 200, "MISS", "v");
        assertThat(ORIGIN.requests("/bad-expires")).isEqualTo(2);
    }

    @Test
    @DisplayName("RFC 9111 §5.1: of an Age list only the first member counts")
    void rfc9111_5_1_ofAnAgeListTheFirstMemberCounts() {
        ORIGIN.on("/aged", Answer.ok("v", "Cache-Control", "max-age=100", "Age", "70, 5"));
        get("/c/aged");

        HttpResponse<String> hit = get("/c/aged");
        assertServed(hit, 200, "HIT", "v");
        assertThat(hit.headers().firstValue("Age")).hasValue("70");
        CLOCK.advance(Duration.ofSeconds(31));
        assertServed(get("/c/aged"), 200, "MISS", "v");
    }

    @Test
    @DisplayName("RFC 9213: CDN-Cache-Control, a field targeted at this cache, replaces Cache-Control and Expires here")
    void rfc9213_aTargetedFieldReplacesCacheControl() {
        ORIGIN.on("/targeted", Answer.ok("v", "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60"));
        ORIGIN.on("/untargeted", Answer.ok("v", "Cache-Control", "max-age=60", "CDN-Cache-Control", "no-store"));

        assertServed(get("/c/targeted"), 200, "MISS", "v");
        HttpResponse<String> hit = get("/c/targeted");
        assertServed(hit, 200, "HIT", "v");
        assertThat(hit.headers().firstValue("Cache-Control")).as("passed on unchanged").hasValue("no-store");
        assertServed(get("/c/untargeted"), 200, "MISS", "v");
        assertServed(get("/c/untargeted"), 200, "MISS", "v");
    }

    @Test
    @DisplayName("RFC 9111 §4.2.2: without explicit freshness, heuristic freshness is 10% of Date minus Last-Modified")
    void rfc9111_4_2_2_heuristicFreshnessFromLastModified() {
        ORIGIN.on("/heuristic", request -> Answer.ok("v", "Last-Modified", TestOrigin.date(CLOCK.millis() - 100_000)));
        ORIGIN.on("/nothing", Answer.ok("v"));
        get("/c/heuristic");
        get("/c/nothing");

        CLOCK.advance(Duration.ofSeconds(5));
        assertServed(get("/c/heuristic"), 200, "HIT", "v");
        assertServed(get("/c/nothing"), 200, "MISS", "v");
        CLOCK.advance(Duration.ofSeconds(10));
        HttpResponse<String> stale = get("/c/heuristic");

        assertThat(xCache(stale)).isIn("MISS", "REVALIDATED");
        assertThat(ORIGIN.lastReceived("/heuristic").get("If-Modified-Since")).isNotNull();
    }

    @Test
    @DisplayName("RFC 9111 §4.2.2: the route's default TTL overrides only the origin's silence, never its explicit freshness")
    void rfc9111_4_2_2_defaultTtlOnlyWithoutExplicitFreshness() {
        ORIGIN.on("/silent", Answer.ok("v"));
        ORIGIN.on("/explicit", Answer.ok("v", "Cache-Control", "max-age=5"));
        get("/ttl/silent");
        get("/ttl/explicit");

        CLOCK.advance(Duration.ofSeconds(10));

        assertServed(get("/ttl/silent"), 200, "HIT", "v");
        assertServed(get("/ttl/explicit"), 200, "MISS", "v");
    }

    @Test
    @DisplayName("RFC 9111 §4.2.3, §5.1: Age counts the upstream's Age, the response delay and the time stored")
    void rfc9111_4_2_3_ageOnEveryResponseFromCache() {
        ORIGIN.on("/aged", Answer.ok("v", "Cache-Control", "max-age=60", "Age", "10"));
        get("/c/aged");

        CLOCK.advance(Duration.ofSeconds(5));
        HttpResponse<String> hit = get("/c/aged");

        assertServed(hit, 200, "HIT", "v");
        assertThat(hit.headers().firstValue("Age")).hasValue("15");
        CLOCK.advance(Duration.ofSeconds(50));
        assertServed(get("/c/aged"), 200, "MISS", "v");
    }

    // ---- §4.3 validation ----

    @Test
    @DisplayName("RFC 9111 §4.3.2: a conditional request is answered 304 from a fresh entry")
    void rfc9111_4_3_2_conditionalRequestAnswered304FromCache() {
        String lastModified = TestOrigin.date(CLOCK.millis() - 3_600_000);
        ORIGIN.on("/cond", Answer.ok("v", "Cache-Control", "max-age=60", "ETag", "\"e1\"", "Last-Modified", lastModified));
        get("/c/cond");

        HttpResponse<String> byTag = get("/c/cond", "If-None-Match", "W/\"e1\"");
        HttpResponse<String> byDate = get("/c/cond", "If-Modified-Since", TestOrigin.date(CLOCK.millis()));
        HttpResponse<String> changed = get("/c/cond", "If-None-Match", "\"other\"");

        assertServed(byTag, 304, "HIT", "");
        assertThat(byTag.headers().firstValue("ETag")).hasValue("\"e1\"");
        assertServed(byDate, 304, "HIT", "");
        assertServed(changed, 200, "HIT", "v");
        assertThat(ORIGIN.requests("/cond")).isEqualTo(1);
    }

    @Test
    @DisplayName("RFC 9111 §4.3.1, §4.3.3, §4.3.4: a stale entry is revalidated with its validators and refreshed by 304")
    void rfc9111_4_3_staleEntryIsRevalidatedAndRefreshed() {
        ORIGIN.on("/reval", Answer.ok("v1", "Cache-Control", "max-age=10", "ETag", "\"r1\"", "X-Version", "1"));
        get("/c/reval", "If-None-Match", "\"client-own\"");
        CLOCK.advance(Duration.ofSeconds(20));
        ORIGIN.on("/reval", Answer.ok("v1", "Cache-Control", "max-age=10", "ETag", "\"r1\"", "X-Version", "2"));

        HttpResponse<String> revalidated = get("/c/reval");

        assertThat(ORIGIN.lastReceived("/reval").get("If-None-Match")).isEqualTo("\"r1\"");
        assertServed(revalidated, 200, "REVALIDATED", "v1");
        assertThat(revalidated.headers().firstValue("X-Version")).as("headers updated from the 304").hasValue("2");
        assertThat(revalidated.headers().firstValue("Age")).hasValue("0");
        HttpResponse<String> hit = get("/c/reval");
        assertServed(hit, 200, "HIT", "v1");
        assertThat(hit.headers().firstValue("X-Version")).hasValue("2");
        assertThat(ORIGIN.received("/reval").getFirst().get("If-None-Match"))
                .as("the client's own validator is not what the cache asks with").isNull();
    }

    @Test
    @DisplayName("RFC 9111 §4.3.3: an error never replaces a stored response")
    void rfc9111_4_3_3_errorNeverReplacesAStoredResponse() {
        ORIGIN.on("/keep", Answer.ok("good", "Cache-Control", "max-age=10", "ETag", "\"k\""));
        get("/c/keep");
        CLOCK.advance(Duration.ofSeconds(20));
        ORIGIN.on("/keep", Answer.of(500, "bad", "Cache-Control", "max-age=10"));

        assertServed(get("/c/keep"), 500, "MISS", "bad");
        ORIGIN.on("/keep", Answer.ok("good", "Cache-Control", "max-age=10", "ETag", "\"k\""));

        assertServed(get("/c/keep"), 200, "REVALIDATED", "good");
        assertThat(ORIGIN.lastReceived("/keep").get("If-None-Match")).isEqualTo("\"k\"");
    }

    // ---- §5.2 directives ----

    @Test
    @DisplayName("RFC 9111 §5.2.1.4: request no-cache (and Pragma: no-cache) revalidates a fresh entry")
    void rfc9111_5_2_1_4_requestNoCacheRevalidates() {
        ORIGIN.on("/nocache", Answer.ok("v", "Cache-Control", "max-age=60", "ETag", "\"n\""));
        get("/c/nocache");

        assertServed(get("/c/nocache", "Cache-Control", "no-cache"), 200, "REVALIDATED", "v");
        assertServed(get("/c/nocache", "Pragma", "no-cache"), 200, "REVALIDATED", "v");
        assertThat(ORIGIN.requests("/nocache")).isEqualTo(3);
    }

    @Test
    @DisplayName("RFC 9111 §5.2.1.1: request max-age=0 revalidates; a max-age below the age refuses the entry")
    void rfc9111_5_2_1_1_requestMaxAge() {
        ORIGIN.on("/maxage", Answer.ok("v", "Cache-Control", "max-age=60", "ETag", "\"m\""));
        get("/c/maxage");
        CLOCK.advance(Duration.ofSeconds(10));

        assertServed(get("/c/maxage", "Cache-Control", "max-age=20"), 200, "HIT", "v");
        assertServed(get("/c/maxage", "Cache-Control", "max-age=0"), 200, "REVALIDATED", "v");
        CLOCK.advance(Duration.ofSeconds(10));
        assertServed(get("/c/maxage", "Cache-Control", "max-age=5"), 200, "REVALIDATED", "v");
    }

    @Test
    @DisplayName("RFC 9111 §5.2.2.4: a response with no-cache is stored but revalidated before every use")
    void rfc9111_5_2_2_4_responseNoCacheIsAlwaysRevalidated() {
        ORIGIN.on("/revalidate-always", Answer.ok("v", "Cache-Control", "no-cache, max-age=60", "ETag", "\"a\""));
        get("/c/revalidate-always");

        assertServed(get("/c/revalidate-always"), 200, "REVALIDATED", "v");
        assertThat(ORIGIN.lastReceived("/revalidate-always").get("If-None-Match")).isEqualTo("\"a\"");
    }

    @Test
    @DisplayName("RFC 9111 §5.2.2.4: a no-cache response is never used when its revalidation fails")
    void rfc9111_5_2_2_4_noCacheResponseIsNotUsedWhenRevalidationFails() {
        ORIGIN.on("/nc-fail", Answer.ok("checked", "Cache-Control", "no-cache, max-age=60", "ETag", "\"nc\""));
        get("/c/nc-fail");
        ORIGIN.on("/nc-fail", Answer.of(503, "down"));

        assertServed(get("/c/nc-fail"), 503, "MISS", "down");
    }

    @Test
    @DisplayName("RFC 9111 §3, §4.3.4: a 304 that makes the response private takes it out of the shared cache")
    void rfc9111_4_3_4_notModifiedThatSaysPrivateEndsSharing() {
        ORIGIN.on("/to-private", Answer.ok("v", "Cache-Control", "max-age=10", "ETag", "\"p\""));
        get("/c/to-private");
        CLOCK.advance(Duration.ofSeconds(20));
        ORIGIN.on("/to-private", Answer.ok("v", "Cache-Control", "private, max-age=10", "ETag", "\"p\""));

        assertServed(get("/c/to-private"), 200, "REVALIDATED", "v");
        assertServed(get("/c/to-private"), 200, "MISS", "v");
    }

    @Test
    @DisplayName("RFC 9111 §1.2.2, §4.2.3: an Age too large to represent counts as 2^31 seconds, not as zero")
    void rfc9111_1_2_2_hugeAgeIsAncientNotNew() {
        ORIGIN.on("/old-age", Answer.ok("x", "Cache-Control", "max-age=60", "ETag", "\"a\"", "Age", "99999999999999999999"));
        get("/c/old-age");

        assertThat(xCache(get("/c/old-age"))).isEqualTo("REVALIDATED");
    }

    @Test
    @DisplayName("RFC 9111 §5.2.1.2: max-stale lets a client accept a stale entry")
    void rfc9111_5_2_1_2_maxStaleAcceptsStale() {
        ORIGIN.on("/maxstale", Answer.ok("v", "Cache-Control", "max-age=10"));
        get("/c/maxstale");
        CLOCK.advance(Duration.ofSeconds(20));

        HttpResponse<String> stale = get("/c/maxstale", "Cache-Control", "max-stale=30");

        assertServed(stale, 200, "STALE", "v");
        assertThat(stale.headers().firstValue("Age")).hasValue("20");
        assertServed(get("/c/maxstale", "Cache-Control", "max-stale=5"), 200, "MISS", "v");
    }

    @Test
    @DisplayName("RFC 9111 §5.2.2.2, §5.2.2.8, §5.2.2.10: must-revalidate, proxy-revalidate and s-maxage forbid serving stale")
    void rfc9111_5_2_2_2_mustRevalidateNeverServesStale() {
        ORIGIN.on("/must", Answer.ok("v", "Cache-Control", "max-age=10, must-revalidate, stale-while-revalidate=60", "ETag", "\"m\""));
        ORIGIN.on("/proxy", Answer.ok("v", "Cache-Control", "max-age=10, proxy-revalidate", "ETag", "\"p\""));
        get("/c/must");
        get("/c/proxy");
        CLOCK.advance(Duration.ofSeconds(20));

        assertServed(get("/c/must", "Cache-Control", "max-stale"), 200, "REVALIDATED", "v");
        assertServed(get("/c/proxy", "Cache-Control", "max-stale"), 200, "REVALIDATED", "v");
    }

    @Test
    @DisplayName("RFC 9111 §5.2.1.3: min-fresh refuses an entry that will not stay fresh long enough")
    void rfc9111_5_2_1_3_minFresh() {
        ORIGIN.on("/minfresh", Answer.ok("v", "Cache-Control", "max-age=60"));
        get("/c/minfresh");
        CLOCK.advance(Duration.ofSeconds(30));

        assertServed(get("/c/minfresh", "Cache-Control", "min-fresh=20"), 200, "HIT", "v");
        assertServed(get("/c/minfresh", "Cache-Control", "min-fresh=40"), 200, "MISS", "v");
    }

    @Test
    @DisplayName("RFC 9111 §5.2.1.7: only-if-cached without a stored response is answered 504 problem+json")
    void rfc9111_5_2_1_7_onlyIfCachedMissIs504() {
        ORIGIN.on("/onlyifcached", Answer.ok("v", "Cache-Control", "max-age=60"));

        HttpResponse<String> miss = get("/c/onlyifcached", "Cache-Control", "only-if-cached");
        get("/c/onlyifcached");
        HttpResponse<String> hit = get("/c/onlyifcached", "Cache-Control", "only-if-cached");

        assertThat(miss.statusCode()).isEqualTo(504);
        assertThat(miss.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(xCache(miss)).isEqualTo("MISS");
        JsonNode problem = JSON.readTree(miss.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:concurrency-lab:problem:not-cached");
        assertServed(hit, 200, "HIT", "v");
        assertThat(ORIGIN.requests("/onlyifcached")).isEqualTo(1);
    }

    // ---- §4.4 invalidation ----

    @Test
    @DisplayName("RFC 9111 §4.4: an unsafe request also invalidates a Vary variant whose fetch is in flight")
    void rfc9111_4_4_invalidationReachesAVariantInFlight() {
        ORIGIN.on("/vary-inv", request -> request.method().name().equals("GET")
                ? Answer.ok("for " + request.requestHeaders().get("Accept-Language"),
                        "Cache-Control", "max-age=60", "Vary", "Accept-Language")
                : Answer.of(204, ""));
        get("/c/vary-inv", "Accept-Language", "en");
        ORIGIN.hold("/vary-inv");
        CompletableFuture<HttpResponse<String>> german =
                CompletableFuture.supplyAsync(() -> get("/c/vary-inv", "Accept-Language", "de"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ORIGIN.requests("/vary-inv") == 2);

        assertThat(new Client(port).send("PUT", "/c/vary-inv").statusCode()).isEqualTo(204);
        ORIGIN.release("/vary-inv");

        assertServed(german.join(), 200, "MISS", "for de");
        // the primary key anew, so that "de" is looked up as a variant: the fetch of before the PUT is not there
        assertServed(get("/c/vary-inv", "Accept-Language", "en"), 200, "MISS", "for en");
        assertServed(get("/c/vary-inv", "Accept-Language", "de"), 200, "MISS", "for de");
    }

    @Test
    @DisplayName("RFC 9111 §4.4: a successful unsafe request invalidates its target and same-origin Location")
    void rfc9111_4_4_unsafeMethodsInvalidate() {
        ORIGIN.on("/item", Answer.ok("item", "Cache-Control", "max-age=60"));
        ORIGIN.on("/other", Answer.ok("other", "Cache-Control", "max-age=60"));
        Client client = new Client(port);
        get("/c/item");
        get("/c/other");

        ORIGIN.on("/item", request -> request.method().name().equals("GET")
                ? Answer.ok("item", "Cache-Control", "max-age=60")
                : Answer.of(500, "failed"));
        assertThat(client.send("PUT", "/c/item").statusCode()).isEqualTo(500);
        assertServed(get("/c/item"), 200, "HIT", "item");

        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            ORIGIN.on("/item", request -> request.method().name().equals("GET")
                    ? Answer.ok("item", "Cache-Control", "max-age=60")
                    : Answer.of(201, "done", "Location", "http://127.0.0.1:" + port + "/c/other"));
            HttpResponse<String> unsafe = client.send(method, "/c/item");
            assertThat(unsafe.statusCode()).isEqualTo(201);
            assertThat(xCache(unsafe)).isEqualTo("BYPASS");
            assertServed(get("/c/item"), 200, "MISS", "item");
            assertServed(get("/c/other"), 200, "MISS", "other");
        }
    }

    // ---- RFC 5861 ----

    @Test
    @DisplayName("RFC 5861 §3: stale-while-revalidate serves stale at once and refreshes in the background")
    void rfc5861_3_staleWhileRevalidate() {
        ORIGIN.on("/swr", Answer.ok("old", "Cache-Control", "max-age=10, stale-while-revalidate=60"));
        get("/c/swr");
        CLOCK.advance(Duration.ofSeconds(20));
        ORIGIN.on("/swr", Answer.ok("new", "Cache-Control", "max-age=10, stale-while-revalidate=60"));

        assertServed(get("/c/swr"), 200, "STALE", "old");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertServed(get("/c/swr"), 200, "HIT", "new"));
        assertThat(ORIGIN.requests("/swr")).isEqualTo(2);
    }

    @Test
    @DisplayName("RFC 9111 §4.3.5, RFC 5861 §3: a HEAD that finds a stale entry refreshes it with a GET, never with its own empty answer")
    void rfc5861_3_headRefreshesWithAGet() {
        ORIGIN.on("/swr-head", Answer.ok("old", "Cache-Control", "max-age=10, stale-while-revalidate=60"));
        get("/c/swr-head");
        CLOCK.advance(Duration.ofSeconds(20));
        ORIGIN.on("/swr-head", Answer.ok("new", "Cache-Control", "max-age=10, stale-while-revalidate=60"));

        assertThat(xCache(new Client(port).send("HEAD", "/c/swr-head"))).isEqualTo("STALE");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertServed(get("/c/swr-head"), 200, "HIT", "new"));
    }

    @Test
    @DisplayName("RFC 9111 §3.5, RFC 5861 §3: a background refresh for an authorized request stores its answer only if it may be shared")
    void rfc5861_3_refreshForAnAuthorizedRequestIsNotShared() {
        ORIGIN.on("/swr-auth", request -> request.requestHeaders().contains("Authorization")
                ? Answer.ok("bob's", "Cache-Control", "max-age=10")
                : Answer.ok("anyone's", "Cache-Control", "max-age=10, stale-while-revalidate=60"));
        get("/c/swr-auth");
        CLOCK.advance(Duration.ofSeconds(20));

        assertServed(get("/c/swr-auth", "Authorization", "Bearer bob"), 200, "STALE", "anyone's");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(xCache(get("/c/swr-auth"))).isNotEqualTo("STALE"));
        assertServed(get("/c/swr-auth"), 200, "HIT", "anyone's");
    }

    @Test
    @DisplayName("RFC 5861 §4: stale-if-error serves the stored response when the upstream answers 5xx")
    void rfc5861_4_staleIfErrorOn5xx() {
        ORIGIN.on("/sie", Answer.ok("good", "Cache-Control", "max-age=10, stale-if-error=60"));
        get("/c/sie");
        CLOCK.advance(Duration.ofSeconds(20));
        ORIGIN.on("/sie", Answer.of(503, "down"));

        assertServed(get("/c/sie"), 200, "STALE", "good");
        CLOCK.advance(Duration.ofSeconds(60));
        assertServed(get("/c/sie"), 503, "MISS", "down");
    }

    @Test
    @DisplayName("RFC 5861 §4: stale-if-error serves the stored response when the upstream cannot be reached")
    void rfc5861_4_staleIfErrorOnConnectionFailure() {
        GONE.on("/sie", Answer.ok("good", "Cache-Control", "max-age=10, stale-if-error=60"));
        get("/gone/sie");
        CLOCK.advance(Duration.ofSeconds(20));
        GONE.stop();

        assertServed(get("/gone/sie"), 200, "STALE", "good");
    }

    // ---- single flight bound, marking, configuration, actuator ----

    @Test
    @DisplayName("X-Cache on the gateway's own errors: a cached route that cannot reach its upstream answers 502 problem+json, MISS for GET and HEAD, BYPASS for POST")
    void gatewayErrorsOnACachedRouteAreMarked() {
        Client client = new Client(port);
        HttpResponse<String> getRefused = client.get("/refused/x");
        HttpResponse<String> headRefused = client.send("HEAD", "/refused/x");
        HttpResponse<String> postRefused = client.send("POST", "/refused/x");

        for (HttpResponse<String> refused : List.of(getRefused, headRefused, postRefused)) {
            assertThat(refused.statusCode()).as("%s", refused.request().method()).isEqualTo(502);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("X-Request-Id")).isPresent();
        }
        assertThat(JSON.readTree(getRefused.body()).get("route").asString()).isEqualTo("refused");
        assertThat(xCache(getRefused)).isEqualTo("MISS");
        assertThat(xCache(headRefused)).isEqualTo("MISS");
        assertThat(xCache(postRefused)).isEqualTo("BYPASS");
        assertThat(meters.get("lab.cache.requests").tag("route", "refused").tag("result", "miss").counter().count())
                .isEqualTo(2);
    }

    @Test
    @DisplayName("Single flight: a waiter goes upstream itself after coalesce-timeout")
    void coalescedWaitersAreBoundedByTheCoalesceTimeout() {
        ORIGIN.on("/slow", Answer.ok("v", "Cache-Control", "max-age=60"));
        ORIGIN.hold("/slow");
        CompletableFuture<HttpResponse<String>> leader = CompletableFuture.supplyAsync(() -> get("/c/slow"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ORIGIN.requests("/slow") == 1);

        HttpResponse<String> waiter = get("/c/slow");

        assertServed(waiter, 200, "MISS", "v");
        assertThat(ORIGIN.requests("/slow")).isEqualTo(2);
        ORIGIN.release("/slow");
        assertServed(leader.join(), 200, "MISS", "v");
    }

    @Test
    @DisplayName("X-Cache: BYPASS outside the route's cached paths; routes without cache carry no X-Cache")
    void pathsOutsideTheCachedOnesBypass() {
        ORIGIN.on("/products/1", Answer.ok("p1", "Cache-Control", "max-age=60"));
        ORIGIN.on("/work", Answer.ok("w", "Cache-Control", "max-age=60"));

        assertServed(get("/p/products/1"), 200, "MISS", "p1");
        assertServed(get("/p/products/1"), 200, "HIT", "p1");
        assertServed(get("/p/work"), 200, "BYPASS", "w");
        assertServed(get("/p/work"), 200, "BYPASS", "w");
        assertServed(get("/plain/work"), 200, null, "w");
    }

    @Test
    @DisplayName("X-Cache: BYPASS for a GET with a body: the body may matter to the origin, and it is read, not left on the connection")
    void aGetWithABodyBypasses() throws IOException {
        ORIGIN.on("/with-body", Answer.ok("b", "Cache-Control", "public, max-age=60"));
        assertServed(get("/c/with-body"), 200, "MISS", "b");

        String answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /c/with-body HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n"
                    + "Connection: close\r\n\r\nabcd").getBytes(StandardCharsets.ISO_8859_1));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("x-cache: BYPASS").endsWith("b");
        assertThat(ORIGIN.requests("/with-body")).isEqualTo(2);
    }

    @Test
    @DisplayName("Metrics: lab.cache.requests by result, upstream fetches, bytes used")
    void metricsCountResultsByRoute() {
        ORIGIN.on("/metered", Answer.ok("v", "Cache-Control", "max-age=60"));
        double hits = meters.get("lab.cache.requests").tag("route", "c").tag("result", "hit").counter().count();
        double fetches = meters.get("lab.cache.upstream.fetches").tag("route", "c").counter().count();

        get("/c/metered");
        get("/c/metered");

        assertThat(meters.get("lab.cache.requests").tag("route", "c").tag("result", "hit").counter().count()).isEqualTo(hits + 1);
        assertThat(meters.get("lab.cache.upstream.fetches").tag("route", "c").counter().count()).isEqualTo(fetches + 1);
        String scrape = new Client(managementPort).get("/actuator/prometheus").body();
        assertThat(scrape).contains("lab_cache_bytes").containsPattern("lab_cache_requests_total\\{[^}]*result=\"miss\"[^}]*route=\"c\"");
    }

    @Test
    @DisplayName("Actuator labcache: shows the cache; purges one URI, a path prefix, or all; a bad selector is 400 problem+json")
    void actuatorShowsAndPurges() {
        ORIGIN.on("/purge/a", Answer.ok("a", "Cache-Control", "max-age=60"));
        ORIGIN.on("/purge/b", Answer.ok("b", "Cache-Control", "max-age=60"));
        get("/c/purge/a");
        get("/c/purge/b");
        Client management = new Client(managementPort);

        JsonNode shown = JSON.readTree(management.get("/actuator/labcache").body());
        assertThat(shown.get("entries").asLong()).isPositive();
        assertThat(shown.get("bytes").asLong()).isPositive();
        assertThat(shown.get("keys").toString()).contains("GET http://127.0.0.1:" + port + "/c/purge/a");

        assertThat(management.send("DELETE", "/actuator/labcache?uri=http://127.0.0.1:" + port + "/c/purge/a").statusCode())
                .isEqualTo(200);
        assertServed(get("/c/purge/a"), 200, "MISS", "a");
        assertServed(get("/c/purge/b"), 200, "HIT", "b");
        assertThat(management.send("DELETE", "/actuator/labcache?prefix=/c/purge/").statusCode()).isEqualTo(200);
        assertServed(get("/c/purge/a"), 200, "MISS", "a");
        assertServed(get("/c/purge/b"), 200, "MISS", "b");

        HttpResponse<String> invalid = management.send("DELETE", "/actuator/labcache?prefix=c/purge");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(invalid.body()).get("type").asString()).isEqualTo("urn:concurrency-lab:problem:invalid-cache-selector");
        assertThat(management.send("DELETE", "/actuator/labcache?uri=/relative").statusCode()).isEqualTo(400);
        assertThat(management.send("DELETE", "/actuator/labcache?uri=http://h/x&prefix=/x").statusCode()).isEqualTo(400);
        assertServed(get("/c/purge/a"), 200, "HIT", "a");

        assertThat(management.send("DELETE", "/actuator/labcache").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(management.get("/actuator/labcache").body()).get("entries").asLong()).isZero();
        assertThat(new Client(port).send("DELETE", "/actuator/labcache").statusCode()).as("not on the traffic port").isEqualTo(404);
    }
}

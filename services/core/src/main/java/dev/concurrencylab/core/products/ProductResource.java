package dev.concurrencylab.core.products;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;

import dev.concurrencylab.core.config.LabProperties;
import dev.concurrencylab.core.downstream.Inventory;
import dev.concurrencylab.core.params.Identifiers;
import dev.concurrencylab.core.params.QueryParameters;
import dev.concurrencylab.core.problem.NotFoundException;

/**
 * {@code GET /products/{id}[?latency=]}: a public, cacheable resource. Ids 1..catalog size exist;
 * a malformed id is 400, a well-formed one outside the catalog 404. The response carries a strong
 * ETag computed from the body's content (so every replica gives the same one) and
 * {@code Cache-Control: public, max-age=lab.products.max-age}. Both web frameworks answer
 * {@code If-None-Match} with 304 for a {@code ResponseEntity} that has an ETag.
 */
public final class ProductResource {

    public static final String PATH = "/products/{id}";
    private static final Set<String> PARAMETERS = Set.of("latency");
    private static final String[] ADJECTIVES = {"Sturdy", "Quiet", "Rapid", "Compact", "Vintage", "Modular", "Bright", "Nimble"};
    private static final String[] NOUNS = {"Kettle", "Lamp", "Backpack", "Keyboard", "Chair", "Bicycle", "Notebook", "Speaker", "Tent"};

    private final LabProperties properties;

    public ProductResource(LabProperties properties) {
        this.properties = properties;
    }

    public ProductRequest request(String rawId, Map<String, List<String>> query) {
        QueryParameters parameters = QueryParameters.of(query, PARAMETERS);
        int id = Identifiers.parse("id", rawId, 1, Integer.MAX_VALUE);
        int catalogSize = properties.products().catalogSize();
        if (id > catalogSize) {
            throw new NotFoundException("There is no product %d; the catalog has ids 1..%d".formatted(id, catalogSize));
        }
        return new ProductRequest(id,
                parameters.duration("latency", properties.downstream().latency(), properties.limits().maxIo()));
    }

    public ResponseEntity<Product> respond(ProductRequest request, Inventory inventory) {
        int id = request.productId();
        String name = ADJECTIVES[id % ADJECTIVES.length] + " " + NOUNS[(id / ADJECTIVES.length) % NOUNS.length];
        Product product = new Product(id, name,
                "Product %d of the lab catalog: a %s.".formatted(id, name.toLowerCase(Locale.ROOT)),
                "%d.%02d".formatted(inventory.priceCents() / 100, inventory.priceCents() % 100),
                "EUR", inventory.stock());
        return ResponseEntity.ok()
                .eTag(entityTag(product))
                .cacheControl(CacheControl.maxAge(properties.products().maxAge()).cachePublic())
                .body(product);
    }

    /** A strong validator: CRC32C of the fields that make the body, identical on every replica. */
    private static String entityTag(Product product) {
        CRC32C checksum = new CRC32C();
        String canonical = String.join("|", String.valueOf(product.id()), product.name(), product.description(),
                product.price(), product.currency(), String.valueOf(product.stock()));
        checksum.update(canonical.getBytes(StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().toHexDigits((int) checksum.getValue()) + "\"";
    }
}

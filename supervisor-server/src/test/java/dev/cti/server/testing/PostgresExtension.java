package dev.cti.server.testing;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real PostgreSQL ({@link PostgresCluster}), one cluster per test JVM, stopped when the
 * JVM's tests are done. Without PostgreSQL the tests are skipped with the install hint, except under
 * {@code CI=true}, where a missing PostgreSQL fails loudly: CI must not pass by not testing.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    private static PostgresCluster cluster(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NS);
        return store.getOrComputeIfAbsent("cluster", k -> startOrSkip(), PostgresCluster.class);
    }

    /**
     * A cluster of the caller's own, not shared with the JVM's other tests (for a test that stops and starts the
     * server); skipped or failed like the shared one when PostgreSQL is missing. The caller closes it.
     */
    public static PostgresCluster ownCluster() {
        return startOrSkip();
    }

    private static PostgresCluster startOrSkip() {
        Optional<Path> bin = PostgresCluster.findBinDir();
        if (bin.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + PostgresCluster.INSTALL_HINT);
            }
            Assumptions.abort(PostgresCluster.INSTALL_HINT);
        }
        try {
            return PostgresCluster.start(bin.get());
        } catch (Exception e) {
            throw new IllegalStateException("could not start a throwaway PostgreSQL from " + bin.get(), e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == PostgresCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return cluster(e);
    }
}

package dev.cti.server.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A store whose database fails on demand: passed to {@code Store.open(..., connections)}, it wraps the real pool (a
 * real H2 or PostgreSQL underneath) and, when a test says so, refuses statements whose SQL matches, makes the
 * database unreachable, or holds every COMMIT until released. Counts the commits that reached the database.
 */
public final class FaultyConnections implements UnaryOperator<DataSource> {
    private final AtomicReference<Predicate<String>> failingSql = new AtomicReference<>(sql -> false);
    private volatile boolean away;
    private volatile CountDownLatch commitGate;
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger heldCommits = new AtomicInteger();

    /** Statements whose SQL matches fail with SQL state 23514 (a check constraint: a refused write). */
    public FaultyConnections failStatements(Predicate<String> sql) {
        failingSql.set(sql);
        return this;
    }

    public FaultyConnections failNothing() {
        failingSql.set(sql -> false);
        return this;
    }

    /** While true, getting a connection fails as HikariCP's pool timeout does (the database is away). */
    public FaultyConnections away(boolean isAway) {
        this.away = isAway;
        return this;
    }

    /** From now on every COMMIT waits until {@link #releaseCommits()}. */
    public FaultyConnections holdCommits() {
        commitGate = new CountDownLatch(1);
        return this;
    }

    public FaultyConnections releaseCommits() {
        CountDownLatch g = commitGate;
        commitGate = null;
        if (g != null) {
            g.countDown();
        }
        return this;
    }

    /** COMMITs now waiting at the gate. */
    public int commitsWaiting() {
        return heldCommits.get();
    }

    /** COMMITs that reached the database (successful or not). */
    public int commits() {
        return commits.get();
    }

    @Override
    public DataSource apply(DataSource real) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                if (away) {
                    throw new SQLTransientConnectionException("injected: the database is away", "08001");
                }
                return wrap(real.getConnection());
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public PrintWriter getLogWriter() throws SQLException {
                return real.getLogWriter();
            }

            @Override
            public void setLogWriter(PrintWriter out) throws SQLException {
                real.setLogWriter(out);
            }

            @Override
            public void setLoginTimeout(int seconds) throws SQLException {
                real.setLoginTimeout(seconds);
            }

            @Override
            public int getLoginTimeout() throws SQLException {
                return real.getLoginTimeout();
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                return real.getParentLogger();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                return real.unwrap(iface);
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) throws SQLException {
                return real.isWrapperFor(iface);
            }
        };
    }

    private Connection wrap(Connection c) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().equals("commit")) {
                CountDownLatch g = commitGate;
                if (g != null) {
                    heldCommits.incrementAndGet();
                    try {
                        if (!g.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("commit gate never released");
                        }
                    } finally {
                        heldCommits.decrementAndGet();
                    }
                }
                commits.incrementAndGet();
            }
            if (m.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                    && failingSql.get().test(sql)) {
                PreparedStatement ps = (PreparedStatement) invoke(m, c, args);
                return failing(ps);
            }
            return invoke(m, c, args);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private static PreparedStatement failing(PreparedStatement ps) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().startsWith("execute")) {
                throw new SQLException("injected: refused", "23514");
            }
            return invoke(m, ps, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(FaultyConnections.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, h);
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package dev.cti.gateway.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes jain-sip's own logging ({@code gov.nist.javax.sip.STACK_LOGGER}) to SLF4J, so that the stack obeys the
 * gateway's Log4j 2 configuration instead of writing its own files. jain-sip instantiates it by class name.
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("jain-sip");

    @Override public void logStackTrace() { if (LOG.isTraceEnabled()) LOG.trace("stack trace", new Throwable()); }
    @Override public void logStackTrace(int traceLevel) { logStackTrace(); }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { LOG.debug("jain-sip exception", ex); }
    @Override public void logDebug(String message) { LOG.debug(message); }
    @Override public void logDebug(String message, Exception ex) { LOG.debug(message, ex); }
    @Override public void logTrace(String message) { LOG.trace(message); }
    @Override public void logFatalError(String message) { LOG.error(message); }
    @Override public void logError(String message) { LOG.warn(message); }
    @Override public void logError(String message, Exception ex) { LOG.warn(message, ex); }
    @Override public void logWarning(String message) { LOG.warn(message); }
    @Override public void logInfo(String message) { LOG.info(message); }

    /** jain-sip guards expensive message dumps with this; map its levels (16 info, 32 debug) onto SLF4J's. */
    @Override
    public boolean isLoggingEnabled() {
        return LOG.isInfoEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (logLevel >= TRACE_TRACE) return LOG.isTraceEnabled();
        if (logLevel >= TRACE_DEBUG) return LOG.isDebugEnabled();
        if (logLevel >= TRACE_INFO) return LOG.isInfoEnabled();
        if (logLevel >= TRACE_WARN) return LOG.isWarnEnabled();
        return LOG.isErrorEnabled();
    }

    @Override public void disableLogging() {}
    @Override public void enableLogging() {}
    @Override public void setBuildTimeStamp(String buildTimeStamp) {}
    @Override public void setStackProperties(Properties stackProperties) {}
    @Override public String getLoggerName() { return LOG.getName(); }
}

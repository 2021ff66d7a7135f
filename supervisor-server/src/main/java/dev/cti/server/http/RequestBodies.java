package dev.cti.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;

/**
 * How the API reads request bodies (docs/SECURITY.md, "HTTP API"): Vert.x's {@link BodyHandler}, placed after the
 * token check (only the login's small body is read before), with its limit, which refuses a {@code Content-Length}
 * over it before reading a byte and a chunked body as soon as it passes it; without file uploads (so nothing is ever
 * written to {@code file-uploads/}, which Vert.x would otherwise create in the working directory); and no multipart
 * at all: no route takes a file (the customer import takes its CSV as the body). A request refused while its body is
 * still coming is answered, then its connection closed, so the rest is never read.
 */
final class RequestBodies {
    private RequestBodies() {}

    /**
     * Reads the body into memory up to {@code limit} bytes (413 beyond), never to disk. Wrapped in a lambda on purpose:
     * Vert.x refuses a body handler placed after a user handler on one route, and here it comes after the token check
     * and the multipart refusal, which is the point.
     */
    static Handler<RoutingContext> limited(long limit) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false)
                .setDeleteUploadedFilesOnEnd(true);
        return body::handle;
    }

    /** 415 for a multipart body, before any of it is read. */
    static void refuseMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            ctx.fail(415);
            return;
        }
        ctx.next();
    }

    /**
     * When the request announced a body (a {@code Content-Length} above 0, or chunked) that is not read yet, the
     * answer says {@code Connection: close} and the connection is closed once it is sent: an unread body is never
     * taken in.
     */
    static void closeAfterAnswerIfBodyPending(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (req.isEnded() || req.version() == HttpVersion.HTTP_2 || ctx.response().ended() || !announcesBody(req)) {
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.addEndHandler(v -> req.connection().close());
    }

    private static boolean announcesBody(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }
}

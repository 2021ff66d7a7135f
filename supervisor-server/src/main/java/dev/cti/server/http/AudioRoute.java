package dev.cti.server.http;

import dev.cti.recording.RecordingReader;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.auth.Session;
import dev.cti.server.recording.ByteRange;
import dev.cti.server.recording.PlaybackException;
import dev.cti.server.recording.PlaybackTickets;
import dev.cti.server.recording.Recordings;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/recordings/{id}/audio}: the recording as a standard WAV (RIFF, 8 kHz, 16-bit, stereo: the customer
 * left, the agent side right), decrypted on the fly from the encrypted file, with HTTP Range (one range; 206 with
 * Content-Range, 416 when unsatisfiable, 200 for the whole file; {@code Accept-Ranges: bytes}). A recording still
 * being written plays up to its last written chunk.
 *
 * <p>Authenticated by a playback ticket ({@code ?ticket=}, for a page's audio element; audited when it was issued)
 * or by the bearer token (a download: audited, per request, before the first byte). Reading and decrypting run on
 * the playback workers, {@link #PIECE} bytes at a time, and the next piece is read only when the connection has
 * taken the last one (its write queue is not full), so memory per request is bounded whatever the file's size.
 */
final class AudioRoute {
    private static final Logger LOG = LoggerFactory.getLogger(AudioRoute.class);
    /** Bytes read, decrypted and written at a time. */
    static final int PIECE = 64 * 1024;

    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final RecordingRoutes routes;

    AudioRoute(ApiDependencies deps, HttpApiVerticle api, RecordingRoutes routes) {
        this.deps = deps;
        this.api = api;
        this.routes = routes;
    }

    void handle(RoutingContext ctx) {
        Optional<Recordings> rec = routes.recordings(ctx);
        if (rec.isEmpty()) {
            return;
        }
        String id = ctx.pathParam("id");
        String ticket = ctx.request().getParam("ticket");
        if (ticket != null) {
            Optional<PlaybackTickets.Ticket> t = rec.get().tickets().use(ticket, id);
            if (t.isPresent() && deps.auth().live(t.get().sessionId()).isEmpty()) {
                rec.get().tickets().revoke(ticket); // its login ended
                t = Optional.empty();
            }
            if (t.isEmpty()) {
                routes.playback("invalid_ticket");
                api.authFailed(ctx, "invalid_ticket", "the playback ticket is unknown, expired, or for another"
                        + " recording");
                return;
            }
            routes.load(ctx, rec.get(), id).onSuccess(found -> found.ifPresent(l ->
                    serve(ctx, rec.get(), l, Optional.empty()))).onFailure(ctx::fail);
            return;
        }
        Optional<Session> s = api.bearer(ctx);
        if (s.isEmpty()) {
            return;
        }
        Principal p = s.get().principal();
        routes.load(ctx, rec.get(), id).onSuccess(found -> {
            if (found.isEmpty()) {
                return;
            }
            RecordingRoutes.Loaded l = found.get();
            AuthorizationPolicy.Decision d = routes.decide(p, Action.PLAY_RECORDING, l.agentId());
            if (!d.allowed()) {
                routes.playback("forbidden");
                routes.deny(ctx, p, "recording-download", l.agentId(), Optional.of(l.row().callId()), d.reason());
                return;
            }
            serve(ctx, rec.get(), l, Optional.of(p));
        }).onFailure(ctx::fail);
    }

    /** Opens the file on a worker, answers the range, audits a download, then streams. */
    private void serve(RoutingContext ctx, Recordings rec, RecordingRoutes.Loaded l, Optional<Principal> download) {
        String id = l.row().id();
        if (l.row().deletedAt().isPresent()) {
            fail(ctx, new PlaybackException(PlaybackException.Kind.DELETED, "deleted"));
            return;
        }
        WorkerExecutor workers = rec.playbackWorkers();
        workers.executeBlocking(() -> rec.files().open(id, l.row().file()), false).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof PlaybackException e) {
                    fail(ctx, e);
                } else {
                    LOG.error("recording {}: opening failed", id, ar.cause());
                    fail(ctx, new PlaybackException(PlaybackException.Kind.IO_ERROR, ar.cause().toString()));
                }
                return;
            }
            RecordingReader reader = ar.result();
            long size = reader.wavSize();
            ByteRange.Request asked = ByteRange.parse(Optional.ofNullable(ctx.request().getHeader("Range")), size);
            if (asked instanceof ByteRange.Unsatisfiable u) {
                close(workers, reader);
                routes.playback("unsatisfiable");
                ctx.response().putHeader("Content-Range", "bytes */" + size).putHeader("Accept-Ranges", "bytes");
                ApiError.send(ctx, 416, "range_not_satisfiable", u.why() + "; the audio has " + size + " bytes");
                return;
            }
            boolean partial = asked instanceof ByteRange.Partial;
            ByteRange range = partial ? ((ByteRange.Partial) asked).range() : new ByteRange(0, size - 1);
            Runnable go = () -> {
                HttpServerResponse res = ctx.response();
                res.setStatusCode(partial ? 206 : 200).putHeader("Content-Type", "audio/wav")
                        .putHeader("Accept-Ranges", "bytes").putHeader("Cache-Control", "no-store")
                        .putHeader("Content-Length", Long.toString(range.length()))
                        .putHeader("Content-Disposition", "inline; filename=\""
                                + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".wav\"");
                if (partial) {
                    res.putHeader("Content-Range", range.contentRange(size));
                }
                new Pump(res, workers, reader, id, range.first(), range.length(), partial ? "partial" : "ok").next();
            };
            if (download.isEmpty()) {
                go.run();
                return;
            }
            AuditEntry entry = routes.audit(download.get(), "recording-download", l.agentId(),
                    Optional.of(l.row().callId()), "recording " + id + "; "
                            + (partial ? range.contentRange(size) : "whole file"));
            deps.store().recordAudit(entry).onComplete(audited -> {
                if (audited.succeeded()) {
                    go.run();
                } else {
                    close(workers, reader);
                    if (!ApiError.storeUnavailable(ctx, audited.cause())) {
                        LOG.error("audit write failed for recording-download by {}", entry.actor());
                        ApiError.send(ctx, 500, "audit_failed", "the download could not be recorded in the audit log");
                    }
                }
            });
        });
    }

    private void fail(RoutingContext ctx, PlaybackException e) {
        routes.playback(e.kind().outcome());
        ApiError.send(ctx, e.kind().status(), e.kind().code(), e.kind().clientMessage());
    }

    private static void close(WorkerExecutor workers, RecordingReader reader) {
        workers.executeBlocking(() -> {
            reader.close();
            return null;
        }, false);
    }

    /** Copies one range of the WAV to the response, a piece at a time, with back-pressure. Event-loop side only. */
    private final class Pump {
        private final HttpServerResponse res;
        private final WorkerExecutor workers;
        private final RecordingReader reader;
        private final String id;
        private final String outcome;
        private long position;
        private long remaining;
        private boolean finished;

        Pump(HttpServerResponse res, WorkerExecutor workers, RecordingReader reader, String id, long first,
             long length, String outcome) {
            this.res = res;
            this.workers = workers;
            this.reader = reader;
            this.id = id;
            this.position = first;
            this.remaining = length;
            this.outcome = outcome;
            res.closeHandler(v -> finish("aborted"));
            res.exceptionHandler(e -> finish("aborted"));
        }

        void next() {
            if (finished) {
                return;
            }
            if (remaining == 0) {
                finish(outcome);
                res.end();
                return;
            }
            int n = (int) Math.min(PIECE, remaining);
            long at = position;
            workers.executeBlocking(() -> reader.readWav(at, n), false).onComplete(ar -> {
                if (finished) {
                    return;
                }
                if (ar.failed() || ar.result().length == 0) {
                    LOG.error("recording {}: reading at byte {} failed: {}", id, at,
                            ar.failed() ? ar.cause().toString() : "the file is shorter than when it was opened");
                    res.reset();
                    finish("read_error");
                    return;
                }
                byte[] piece = ar.result();
                position += piece.length;
                remaining -= piece.length;
                if (remaining == 0) {
                    // the last piece: end at once (a client with every byte may close before a drain)
                    finish(outcome); // first: ending may close the connection, whose handler would say aborted
                    res.end(Buffer.buffer(piece));
                    return;
                }
                res.write(Buffer.buffer(piece));
                if (res.writeQueueFull()) {
                    res.drainHandler(v -> next());
                } else {
                    next();
                }
            });
        }

        private void finish(String how) {
            if (finished) {
                return;
            }
            finished = true;
            routes.playback(how);
            close(workers, reader);
        }
    }
}

package dev.cti.server.followup;

import dev.cti.server.store.FollowUpStore.Callback;
import dev.cti.server.store.FollowUpStore.Complaint;
import java.time.Instant;

/** The follow-ups as REST and the push show them: with what the clock says of them now. */
public final class FollowUpViews {
    private FollowUpViews() {}

    /** A callback and whether it is overdue now. */
    public record CallbackView(Callback callback, boolean overdue) {}

    /** A complaint follow-up, the end of its last working day to close it, and whether that has passed open. */
    public record ComplaintView(Complaint complaint, Instant closeBy, boolean overdue) {}
}

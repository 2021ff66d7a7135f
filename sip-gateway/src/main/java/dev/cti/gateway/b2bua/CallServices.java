package dev.cti.gateway.b2bua;

import dev.cti.config.CtiConfig;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.sip.registrar.LocationService;
import dev.cti.link.message.LinkEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What every call of the B2BUA shares: SIP sending, the media engine, prompts, the registrar's locations, the
 * configuration, time, the link's event sink, metrics, the directory that routes SIP and media events to calls, and
 * the random source of digest cnonces, the recordings, and the dial plan every number dialled out passes.
 */
record CallServices(SipSupport sip, MediaEngine media, String rtpHost, PromptLibrary prompts,
                    LocationService locations, CtiConfig config, String domain, Clock clock,
                    ScheduledExecutorService timers, Consumer<LinkEvent> events, B2buaMetrics metrics,
                    Directory directory, SecureRandom random,
                    dev.cti.gateway.recording.RecordingService recordings, DialPolicy dialPolicy) {

    /** Routes later events of a call's SIP dialogs and RTP legs to it. */
    interface Directory {
        void bindSip(String sipCallId, Call call, SipLeg leg);

        void unbindSip(String sipCallId);

        void bindMedia(MediaLeg leg, Call call);

        void unbindMedia(MediaLeg leg);

        void removed(Call call);
    }
}

package dev.cti.gateway.sip.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallAdmissionTest {

    @Test
    void admitsUpToTheLimitAndReleasesOnce() {
        CallAdmission admission = new CallAdmission(2, 30);
        CallAdmission.Permit a = admission.tryAdmit();
        CallAdmission.Permit b = admission.tryAdmit();
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        assertThat(admission.tryAdmit()).isNull();
        a.close();
        a.close(); // idempotent: a double release must not open a third slot
        assertThat(admission.active()).isEqualTo(1);
        assertThat(admission.tryAdmit()).isNotNull();
        assertThat(admission.tryAdmit()).isNull();
    }

    @Test
    void neverExceedsTheLimitUnderContention() throws Exception {
        CallAdmission admission = new CallAdmission(5, 30);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 2000; i++) {
                    CallAdmission.Permit p = admission.tryAdmit();
                    if (p == null) {
                        refused.incrementAndGet();
                        continue;
                    }
                    maxSeen.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                    p.close();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(maxSeen.get()).isBetween(1, 5);
        assertThat(admission.active()).isZero();
    }
}

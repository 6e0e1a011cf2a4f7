package dev.cutover.daemon;

import java.util.concurrent.atomic.AtomicLong;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz runs the passes: one thread and one job that may not run concurrently. "next" is
 * the periodic pass, rescheduled after every pass (with jitter or backoff), so after a
 * suspend or a slow pass it fires once, not once per missed interval. A requested pass gets
 * a one-shot trigger of its own; the daemon asks for one only when no request is pending,
 * so requests that arrive during a pass lead to exactly one follow-up.
 */
final class PassScheduler {
    private static final JobKey JOB = JobKey.jobKey("pass", "cutover");
    private static final TriggerKey NEXT = TriggerKey.triggerKey("next", "cutover");
    private final AtomicLong requests = new AtomicLong();
    private static final String DAEMON = "daemon";

    private final Scheduler scheduler;

    PassScheduler(Daemon daemon) throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "cutover");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.getContext().put(DAEMON, daemon);
        scheduler.addJob(JobBuilder.newJob(PassJob.class).withIdentity(JOB).storeDurably().build(), false);
    }

    /** Runs one pass through the daemon; Quartz never runs two at once. */
    @DisallowConcurrentExecution
    public static final class PassJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                ((Daemon) context.getScheduler().getContext().get(DAEMON)).runPass();
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    void start() throws SchedulerException {
        scheduler.start();
        now();
    }

    /** A pass as soon as the pass thread is free (after the one under way, if any). */
    void now() {
        try {
            scheduler.scheduleJob(trigger(TriggerKey.triggerKey("now-" + requests.incrementAndGet(), "cutover"), Instant.now()));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule a pass: " + e.getMessage(), e);
        }
    }

    /** The next periodic pass, {@code delay} from now, replacing any earlier plan. */
    void next(Duration delay) {
        try {
            Trigger t = trigger(NEXT, Instant.now().plus(delay));
            if (scheduler.rescheduleJob(NEXT, t) == null) {
                scheduler.scheduleJob(t);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule a pass: " + e.getMessage(), e);
        }
    }

    /** Stops firing; waits for a pass under way to end. */
    void shutdown() throws SchedulerException {
        scheduler.shutdown(true);
    }

    private static Trigger trigger(TriggerKey key, Instant at) {
        return TriggerBuilder.newTrigger().withIdentity(key).forJob(JOB).startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
    }
}

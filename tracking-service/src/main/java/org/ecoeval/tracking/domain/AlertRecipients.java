package org.ecoeval.tracking.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ecoeval.contracts.Plan;

/**
 * Whom a step notifies (pure): {@code @owner} the task owner's e-mail (the unit head's when the task names no
 * owner's e-mail, so that a reminder still reaches the unit), {@code @head} the unit head's, a supervisor's name
 * that supervisor's e-mail and webhook, {@code @supervisors} every supervisor's. With the older ladder every
 * supervisor's webhook hears every step, as it always did.
 */
public final class AlertRecipients {

    /** E-mail addresses and supervisors to call by webhook; {@link #names()} as on {@code AlertRaised}. */
    public record Resolved(List<String> emails, List<Plan.Supervisor> webhooks) {
        public List<String> names() {
            Set<String> out = new LinkedHashSet<>(emails);
            webhooks.forEach(h -> out.add("webhook:" + h.name()));
            return List.copyOf(out);
        }
    }

    public static Resolved resolve(Plan plan, Plan.Department unit, Plan.Task task, List<String> notify,
            boolean everyWebhook) {
        List<Plan.Supervisor> supervisors = plan.supervisors() == null ? List.of() : plan.supervisors();
        Set<String> emails = new LinkedHashSet<>();
        Set<Plan.Supervisor> hooks = new LinkedHashSet<>();
        String head = unit == null ? null : unit.headEmail();
        String owner = task == null || task.owner() == null ? null : task.owner().email();
        for (String who : notify) {
            if (EscalationPolicy.OWNER.equals(who)) {
                addIfPresent(emails, present(owner) ? owner : head);
            } else if (EscalationPolicy.HEAD.equals(who)) {
                addIfPresent(emails, head);
            } else if (EscalationPolicy.ALL_SUPERVISORS.equals(who)) {
                supervisors.forEach(s -> addIfPresent(emails, s.email()));
                supervisors.stream().filter(s -> present(s.webhookUrl())).forEach(hooks::add);
            } else {
                supervisors.stream().filter(s -> who.equals(s.name())).forEach(s -> {
                    addIfPresent(emails, s.email());
                    if (present(s.webhookUrl())) {
                        hooks.add(s);
                    }
                });
            }
        }
        if (everyWebhook) {
            supervisors.stream().filter(s -> present(s.webhookUrl())).forEach(hooks::add);
        }
        return new Resolved(List.copyOf(emails), new ArrayList<>(hooks));
    }

    private static void addIfPresent(Set<String> to, String email) {
        if (present(email)) {
            to.add(email);
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private AlertRecipients() {
    }
}

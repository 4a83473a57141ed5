package dev.ep.simulator.model;

/**
 * Who arrives: a share of sessions belongs to returning users (drawn from a pool of {@code returningUsers} ids),
 * who log in part-way: on each page after the first with probability {@code loginPerPage}, and at the latest on
 * entering {@code loginAt} (checkout, say) if given. New visitors stay anonymous.
 */
public record Visitors(double returningShare, int returningUsers, double loginPerPage, String loginAt) {

    public Visitors {
        if (!(returningShare >= 0) || returningShare > 1) {
            throw new ModelException("visitors.returningShare: in [0, 1], got " + returningShare);
        }
        if (returningShare > 0 && returningUsers < 1) {
            throw new ModelException("visitors.returningUsers: at least 1 when returningShare > 0");
        }
        if (!(loginPerPage >= 0) || loginPerPage > 1) {
            throw new ModelException("visitors.loginPerPage: in [0, 1], got " + loginPerPage);
        }
    }
}

package dev.ep.targeting;

import java.util.List;
import java.util.TreeSet;

/**
 * Where an experiment runs: the pages (empty = every page, including requests without a page) and a
 * rule over context attributes ({@link Rule#ALWAYS} when there is none). Pages are kept sorted and
 * unique so that equal targetings are equal records and have one canonical JSON form.
 */
public record Targeting(List<String> pages, Rule rule) {

    /** Everyone, everywhere. */
    public static final Targeting EVERYONE = new Targeting(List.of(), Rule.ALWAYS);

    public Targeting {
        if (pages == null || rule == null) {
            throw new IllegalArgumentException("pages and rule must not be null");
        }
        if (pages.size() > Limits.MAX_PAGES) {
            throw new IllegalArgumentException("pages has " + pages.size() + " entries, at most "
                    + Limits.MAX_PAGES + " allowed");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String page : pages) {
            checkPage(page);
            if (!sorted.add(page)) {
                throw new IllegalArgumentException("page '" + page + "' is listed twice");
            }
        }
        pages = List.copyOf(sorted);
        Rule.validateTree(rule);
    }

    /** Page ids: 1 to {@link Limits#MAX_PAGE_LENGTH} printable ASCII characters without spaces. */
    static void checkPage(String page) {
        if (page == null || page.isEmpty()) {
            throw new IllegalArgumentException("page must not be empty");
        }
        if (page.length() > Limits.MAX_PAGE_LENGTH) {
            throw new IllegalArgumentException("page is " + page.length() + " characters long, at most "
                    + Limits.MAX_PAGE_LENGTH + " allowed");
        }
        for (int i = 0; i < page.length(); i++) {
            char c = page.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("page '" + page
                        + "' may contain only printable ASCII characters without spaces");
            }
        }
    }
}

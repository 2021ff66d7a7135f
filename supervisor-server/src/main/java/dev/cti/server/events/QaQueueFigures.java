package dev.cti.server.events;

import dev.cti.server.qa.QaKpis;

/**
 * Today's QA figures of one queue ({@code type: qa} push), or of a range in the QA report; immutable, made by
 * {@code qa.QaKpis}; JSON at the edge ({@code qa.QaJson#queue}).
 */
public record QaQueueFigures(String id, QaKpis.Figures figures) {}

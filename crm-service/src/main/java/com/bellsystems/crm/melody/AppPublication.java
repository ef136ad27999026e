package com.bellsystems.crm.melody;

import java.time.OffsetDateTime;

/**
 * A melody as the app's Firestore collection shows it published: for melodies published before the
 * migration this is the only record of it ({@code melody_drafts.published_at} is empty). At the
 * feature root because both repository/ and service/ use it.
 *
 * @param publishedAt when it was published, from the document (see {@code AppMelodyDocuments})
 * @param publishedBy who published it, when the document says
 */
public record AppPublication(OffsetDateTime publishedAt, String publishedBy) {}

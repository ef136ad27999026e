/**
 * Firestore access shared by crm-service and migration-service: {@link com.bellsystems.firestore.FirestoreProvider}
 * builds the firebase-admin client from configuration, {@link com.bellsystems.firestore.FirestoreValues} converts
 * Firestore values to plain Java/JSON values and back.
 */
package com.bellsystems.firestore;

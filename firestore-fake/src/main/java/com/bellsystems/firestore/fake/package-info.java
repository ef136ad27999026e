/**
 * Test support: {@link com.bellsystems.firestore.fake.FakeFirestore}, an in-process Firestore v1 gRPC
 * server for the real firebase-admin client, and {@link com.bellsystems.firestore.fake.FakeFirestoreResource}
 * to attach it to a @QuarkusTest.
 */
package com.bellsystems.firestore.fake;

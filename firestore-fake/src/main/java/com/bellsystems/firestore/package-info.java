/** An in-process Firestore v1 gRPC server for tests. */
package com.bellsystems.firestore;

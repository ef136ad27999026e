/** Firestore access shared by crm-service and migration-service. */
package com.bellsystems.firestore;

package org.fangsentiment.wikipedia;

/**
 * One page of a title search's answer.
 *
 * @param key title in key form (underscores)
 * @param title human-readable title
 * @param description short description, may be empty
 */
record SearchCandidate(String key, String title, String description) {
}

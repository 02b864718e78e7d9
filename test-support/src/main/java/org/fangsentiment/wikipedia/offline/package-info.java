/**
 * Offline stand-in for Wikipedia: bundled sample summaries, written for this project from public
 * facts, served on loopback in the real REST formats so that the real client can run without
 * internet. Output made with it is labelled {@value
 * org.fangsentiment.wikipedia.offline.OfflineWikipediaServer#SOURCE}, never passed off as live.
 */
package org.fangsentiment.wikipedia.offline;

package org.fangsentiment.local.runner;

import org.fangsentiment.aws.AwsClients;
import software.amazon.awssdk.regions.Region;

/** The {@code --region} option: given, else {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, else the fallback. */
final class Regions {

    private Regions() {
    }

    static Region of(String option) {
        for (String value : new String[] {option, System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION")}) {
            if (value != null && !value.isBlank()) {
                return Region.of(value.trim());
            }
        }
        return AwsClients.FALLBACK_REGION;
    }
}

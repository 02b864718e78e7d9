/**
 * A command-line tool that launches one EC2 spot instance for a batch job and makes sure it cannot
 * outlive its budget: the instance schedules its own {@code shutdown -h +MIN} at boot, and its
 * instance-initiated shutdown behaviour is {@code terminate}, so halting ends the instance (and its
 * root volume) rather than leaving it stopped.
 *
 * <p>{@link org.fangsentiment.spot.SpotLauncher} is the entry point with the {@code launch},
 * {@code prices}, {@code list} and {@code terminate} commands. The classes below it each do one job:
 * {@link org.fangsentiment.spot.LaunchRequest} holds a validated request,
 * {@link org.fangsentiment.spot.CloudConfig} builds the user data,
 * {@link org.fangsentiment.spot.RunInstancesRequestFactory} turns both into the EC2 call,
 * {@link org.fangsentiment.spot.ImageResolver} finds the AMI,
 * {@link org.fangsentiment.spot.PriceHistory} summarises spot prices, and
 * {@link org.fangsentiment.spot.Ec2Errors} is the one place that turns AWS error codes into advice.
 */
package org.fangsentiment.spot;

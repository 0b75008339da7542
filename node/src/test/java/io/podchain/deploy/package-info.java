/**
 * Tests of the deployment artefacts: the Helm chart (lint, rendering, values schema), the plain manifests in
 * {@code k8s/}, their validity against the Kubernetes API model, and their binding to the application (ports,
 * probe paths, configuration keys, discovery name).
 */
package io.podchain.deploy;

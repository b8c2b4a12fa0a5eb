package dev.talon.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --list} output: every stable rule with its compiled condition; a few rules pinned in full. */
class RuleListingTest {
    static RuleSet rules;
    static String listing;

    @BeforeAll
    static void load() throws RuleLoadException {
        rules = BundledRules.addTo(new RuleLoader()).load();
        listing = RuleListing.describe(rules, CompiledRule::enabled);
    }

    @Test
    void everyStableRuleIsListedWithItsCompiledCondition() {
        for (CompiledRule r : rules.rules()) {
            assertThat(listing).contains("Rule: " + r.name() + "\n").contains("  condition: " + r.compiledCondition() + "\n");
        }
    }

    /**
     * Golden blocks. Derivation of the conditions (spec §5.4/5.5): the rule text
     * {@code create_symlink and (evt.arg.target in (sensitive_file_names) or evt.arg.target in (sensitive_directory_names))}
     * gets its lists substituted textually, the macro {@code (evt.type in (symlink, symlinkat))} is a
     * single check, so it prints without parens, and the top-level and/or groups get one pair each.
     */
    @Test
    void symlinkRuleBlock() {
        assertThat(listing).contains("""
                Rule: Create Symlink Over Sensitive Files
                  priority: Warning
                  enabled: true
                  source: syscall
                  tags: [T1555, container, filesystem, host, maturity_stable, mitre_credential_access]
                  event types: symlink, symlinkat
                  condition: (evt.type in (symlink, symlinkat) and (evt.arg.target in (/etc/shadow, /etc/sudoers, \
                /etc/pam.conf, /etc/security/pwquality.conf) or evt.arg.target in (/, /etc, /etc/, /root, /root/)))
                  output: Symlinks created over sensitive files | target=%evt.arg.target linkpath=%evt.arg.linkpath \
                evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid process=%proc.name \
                proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline terminal=%proc.tty
                  defined at: falco_rules.yaml (bundled):973
                """);
    }

    /**
     * {@code open_write and access_log_files and evt.arg.flags contains "O_TRUNC" and not containerd_activities
     * and not trusted_logging_images and not allowed_clear_log_files}: {@code open_write} is a 4-check
     * {@code and} group, {@code access_log_files} an {@code or} of two list checks, the two exclusion macros
     * are {@code or}/{@code and} groups under {@code not}, and {@code allowed_clear_log_files} is
     * {@code never_true} = {@code evt.num=0}.
     */
    @Test
    void clearLogRuleCondition() {
        assertThat(rules.rule("Clear Log Activities").orElseThrow().compiledCondition()).isEqualTo(
                "((evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = f and fd.num >= 0)"
                        + " and (fd.directory in (/var/log, /dev/log) or fd.filename in (syslog, auth.log, secure, kern.log,"
                        + " cron, user.log, dpkg.log, last.log, yum.log, access_log, mysql.log, mysqld.log))"
                        + " and evt.arg.flags contains O_TRUNC"
                        + " and not (proc.name = containerd and (fd.name startswith /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/"
                        + " or fd.name startswith /var/lib/rancher/k3s/agent/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"
                        + " or fd.name startswith /var/lib/containerd/tmpmounts/"
                        + " or fd.name startswith /var/lib/rancher/k3s/agent/containerd/tmpmounts/))"
                        + " and not (container.image.repository endswith splunk/fluentd-hec"
                        + " or container.image.repository endswith fluent/fluentd-kubernetes-daemonset"
                        + " or container.image.repository endswith openshift3/ose-logging-fluentd"
                        + " or container.image.repository endswith containernetworking/azure-npm)"
                        + " and not evt.num = 0)");
    }
}

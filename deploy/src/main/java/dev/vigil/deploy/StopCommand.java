package dev.vigil.deploy;

import dev.vigil.deploy.demo.DemoHome;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code vigil stop}: asks the demo on a data directory to stop, and makes sure it and its children are gone. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the demo running on the data directory (as Ctrl-C in its terminal would).")
final class StopCommand implements Callable<Integer> {
    private static final long GRACE_SECONDS = 120;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private CommonOptions.DataDir dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoHome home = dataDir.home();
        Optional<DemoHome.Running> running = home.running();
        if (running.isEmpty()) {
            out.println("no demo is running on " + home.root());
            return 0;
        }
        ProcessHandle demo = ProcessHandle.of(running.get().pid()).orElse(null);
        if (demo == null) {
            out.println("no demo is running on " + home.root());
            return 0;
        }
        List<ProcessHandle> children = demo.descendants().toList();
        out.println("stopping the demo (process " + demo.pid() + ")...");
        out.flush();
        demo.destroy();
        boolean exited = demo.onExit().completeOnTimeout(null, GRACE_SECONDS, TimeUnit.SECONDS).get() != null && !demo.isAlive();
        if (!exited) {
            out.println("it did not stop within " + GRACE_SECONDS + " s: killing it");
            demo.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get();
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        out.println("stopped");
        return exited ? 0 : 1;
    }
}

"""Runs the `run:` steps of a composite action.yml locally, as a GitHub runner
would: ${{ inputs.* }}, ${{ github.action_path }} and ${{ steps.*.outputs.* }}
expressions in env are expanded, each script runs under
`bash --noprofile --norc -eo pipefail`, GITHUB_OUTPUT and GITHUB_PATH files
are honoured. `uses:` steps are not run; their `with:` is printed expanded.
Usage: action_runner.py ACTION_YML WORKDIR name=value...
Prints one line per step: `step ID rc N` or `uses STEP key=value...`."""
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def expand(text, ctx):
    def one(m):
        key = m.group(1)
        if key not in ctx:
            raise SystemExit(f"unsupported expression: {key}")
        return ctx[key]
    return EXPR.sub(one, str(text))


def main():
    action_yml, workdir = sys.argv[1], sys.argv[2]
    action = yaml.safe_load(open(action_yml))
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    for arg in sys.argv[3:]:
        k, v = arg.split("=", 1)
        if k not in inputs:
            raise SystemExit(f"undeclared input {k}")
        inputs[k] = v
    ctx = {f"inputs.{k}": v for k, v in inputs.items()}
    ctx["github.action_path"] = os.path.dirname(os.path.abspath(action_yml))
    extra_path = []
    failed = False
    for i, step in enumerate(action["runs"]["steps"]):
        sid = step.get("id", f"step{i}")
        if "uses" in step:
            with_ = " ".join(f"{k}={expand(v, ctx)}" for k, v in step.get("with", {}).items())
            print(f"uses {step['uses']} {with_}")
            continue
        if failed:
            continue  # a failed step stops the job (only always() steps run)
        env = dict(os.environ)
        env.update({k: expand(v, ctx) for k, v in step.get("env", {}).items()})
        with tempfile.TemporaryDirectory() as t:
            out, path = os.path.join(t, "output"), os.path.join(t, "path")
            open(out, "w").close()
            open(path, "w").close()
            env["GITHUB_OUTPUT"], env["GITHUB_PATH"] = out, path
            env["PATH"] = os.pathsep.join(extra_path + [env["PATH"]])
            rc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                cwd=workdir, env=env).returncode
            for line in open(out):
                k, _, v = line.rstrip("\n").partition("=")
                ctx[f"steps.{sid}.outputs.{k}"] = v
            extra_path = [p.strip() for p in open(path) if p.strip()] + extra_path
        print(f"step {sid} rc {rc}")
        failed = rc != 0


main()

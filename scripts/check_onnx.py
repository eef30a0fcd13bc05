#!/usr/bin/python3
"""Validates an IMLab .onnx export with the ONNX checker (a dev script: `apt-get install python3-onnx`).

usage: /usr/bin/python3 scripts/check_onnx.py model.onnx [...]
Runs onnx.checker.check_model (full_check: shape inference too) and prints opset, IR version, input and output.
"""
import json
import sys

import onnx


def describe(vi):
    dims = [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]
    return f"{vi.name} {onnx.TensorProto.DataType.Name(vi.type.tensor_type.elem_type)} {dims}"


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    for path in paths:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
        meta = {p.key: p.value for p in model.metadata_props}
        columns = json.loads(meta.get("imlab.columns", "[]"))
        print(f"{path}: valid; IR version {model.ir_version}, opsets {opsets}, {len(model.graph.node)} nodes")
        print(f"  input  {describe(model.graph.input[0])}")
        print(f"  output {describe(model.graph.output[0])}")
        print(f"  {meta.get('imlab.format', '?')}: {len(columns)} table columns -> {len(json.loads(meta.get('imlab.featureNames', '[]')))} features")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

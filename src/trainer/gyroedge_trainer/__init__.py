"""GyroEdge trainer: turns sharp photos and real gyro logs into training data and exports the
ONNX models the daemon runs (see docs/DESIGN.md, "The model contract")."""

__version__ = "0.1.0"

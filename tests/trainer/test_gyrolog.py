import numpy as np
import pytest

from gyroedge_trainer.gyrolog import GyroLogError, read_gyro_log

from trainer_inputs import write_gyro_log

GOOD = "1000000 0.1 0.2 0.3\n6000000 0.1 0.2 0.3\n11000000 0.1 0.2 0.3\n"


def test_reads_timestamps_and_rates_in_order(tmp_path):
    log = read_gyro_log(write_gyro_log(str(tmp_path / "g.txt"), lines=[GOOD]))
    assert log.t_ns.tolist() == [1_000_000, 6_000_000, 11_000_000]
    assert log.omega[1].tolist() == [0.1, 0.2, 0.3]
    assert len(log.segments) == 1


@pytest.mark.parametrize("bad, line, says", [
    ("1000000 0.1 0.2\n", 2, "expected 4 fields"),
    ("abc 0.1 0.2 0.3\n", 2, "not an integer"),
    ("7000000 0.1 zz 0.3\n", 2, "wy 'zz' is not a number"),
    ("7000000 0.1 nan 0.3\n", 2, "must be finite"),
    ("6000000 0.1 0.2 0.3\n", 2, "does not increase"),
    ("5000000 0.1 0.2 0.3\n", 2, "does not increase"),
])
def test_a_bad_line_is_refused_naming_file_and_line(tmp_path, bad, line, says):
    path = write_gyro_log(str(tmp_path / "g.txt"), lines=["6000000 0.1 0.2 0.3\n", bad])
    with pytest.raises(GyroLogError) as e:
        read_gyro_log(path)
    assert f"{path}:{line}:" in str(e.value)
    assert says in str(e.value)


def test_a_gap_splits_the_log_instead_of_being_bridged(tmp_path):
    lines = [f"{t} 0 0 0\n" for t in (0, 5_000_000, 10_000_000, 60_000_000, 65_000_000, 70_000_000)]
    log = read_gyro_log(write_gyro_log(str(tmp_path / "g.txt"), lines=lines), max_gap_ns=20_000_000)
    assert [s.t_ns.tolist() for s in log.segments] == [[0, 5_000_000, 10_000_000], [60_000_000, 65_000_000, 70_000_000]]


def test_reads_a_recordings_gyro_csv(tmp_path):
    path = tmp_path / "gyro.csv"
    path.write_text("t_ns,wx,wy,wz\n10,1.5,-2,3e-3\n20,0,0,0\n")
    log = read_gyro_log(str(path))
    assert log.t_ns.tolist() == [10, 20]
    assert np.array_equal(log.omega[0], [1.5, -2.0, 0.003])


def test_a_missing_log_names_the_path(tmp_path):
    with pytest.raises(GyroLogError, match="nothere.txt: cannot read"):
        read_gyro_log(str(tmp_path / "nothere.txt"))

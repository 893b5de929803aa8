// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Permit2} from "./Permit2.sol";

/// @title Permit2ProxyBase
/// @notice What the x402 exact and upto Permit2 proxies share: they are the `spender` a payer signs for, and
///         they take the recipient from the signed witness, so whoever submits the transaction cannot redirect
///         the funds. Permit2 is fixed at its canonical address (the chain plants both there), so the runtime
///         code needs no constructor and no storage besides the reentrancy guard's.
abstract contract Permit2ProxyBase is ReentrancyGuard {
    /// @notice The canonical Permit2.
    Permit2 public constant PERMIT2 = Permit2(0x000000000022D473030F116dDEE9F6B43aC78BA3);

    event Settled();
    event SettledWithPermit();

    error InvalidPermit2Address();
    error InvalidDestination();
    error InvalidOwner();
    error PaymentTooEarly();
    error Permit2612AmountMismatch();

    /// @notice An EIP-2612 permit of the payer that approves Permit2 (the gas-sponsoring extension).
    struct EIP2612Permit {
        uint256 value;
        uint256 deadline;
        bytes32 r;
        bytes32 s;
        uint8 v;
    }

    /// Submits the payer's EIP-2612 approval of Permit2. A failing permit is ignored (the approval may exist
    /// already, or someone submitted the permit first); the Permit2 transfer then decides.
    function _approvePermit2(address token, address owner, EIP2612Permit calldata p, uint256 permitted) internal {
        if (p.value != permitted) revert Permit2612AmountMismatch();
        try IERC20Permit(token).permit(owner, address(PERMIT2), p.value, p.deadline, p.v, p.r, p.s) {} catch {}
    }

    /// Moves `amount` from `owner` to the witness recipient `to` through Permit2, after the proxy's own checks.
    function _transfer(
        Permit2.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        address to,
        uint256 validAfter,
        bytes32 witnessHash,
        string memory witnessTypeString,
        bytes calldata signature
    ) internal {
        if (owner == address(0)) revert InvalidOwner();
        if (to == address(0)) revert InvalidDestination();
        if (block.timestamp < validAfter) revert PaymentTooEarly();
        Permit2.SignatureTransferDetails memory details = Permit2.SignatureTransferDetails({to: to, requestedAmount: amount});
        PERMIT2.permitWitnessTransferFrom(permit, details, owner, witnessHash, witnessTypeString, signature);
    }
}
